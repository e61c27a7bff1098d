import { and, asc, count, eq, gt, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../client.js";
import { auditEntries, auditHead } from "../schema/audit.js";

export type AuditEntryRow = typeof auditEntries.$inferSelect;

/** What a caller says about an entry; the chain adds sequence, time and hashes. */
export interface NewAuditEntry {
  actorSubject: string | null;
  actorRoles: string[];
  organizationCode: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  requestId: string | null;
  outcome: string;
}

/**
 * Appends entries to the chain in one statement: locks the head row (so appends from every
 * instance form one gap-free line), hashes each entry onto the one before (audit_entry_hash),
 * inserts them and moves the head. Inside a transaction the head stays locked until it ends, so a
 * transaction appends last. Times never go backwards along the chain.
 */
export async function appendAuditEntries(db: Executor, entries: NewAuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const input = JSON.stringify(entries.map((entry, index) => ({ ...entry, actorRoles: entry.actorRoles.join(","), n: index + 1 })));
  await db.execute(sql`
    with recursive
    head as (
      select sequence, hash, greatest(date_trunc('milliseconds', clock_timestamp()), at) as at
      from audit_head where id = 1 for update
    ),
    input as (
      select * from jsonb_to_recordset(${input}::jsonb) as e(
        n int, "actorSubject" text, "actorRoles" text, "organizationCode" text, action text,
        entity text, "entityId" text, "requestId" text, outcome text)
    ),
    chain as (
      select h.sequence + 1 as sequence, i.n, h.at, h.hash as previous_hash,
        ${entryHash(sql`h.hash`, sql`h.sequence + 1`, sql`h.at`)} as hash
      from head h join input i on i.n = 1
      union all
      select c.sequence + 1, i.n, c.at, c.hash,
        ${entryHash(sql`c.hash`, sql`c.sequence + 1`, sql`c.at`)}
      from chain c join input i on i.n = c.n + 1
    ),
    inserted as (
      insert into audit_entries (sequence, at, actor_subject, actor_roles, organization_code, action, entity, entity_id, request_id, outcome, previous_hash, hash)
      select c.sequence, c.at, i."actorSubject", ${roles}, i."organizationCode", i.action, i.entity, i."entityId", i."requestId", i.outcome, c.previous_hash, c.hash
      from chain c join input i using (n)
    )
    update audit_head set sequence = last.sequence, hash = last.hash, at = last.at
    from (select sequence, hash, at from chain order by sequence desc limit 1) last
    where audit_head.id = 1`);
}

const roles = sql`coalesce(string_to_array(nullif(i."actorRoles", ''), ','), '{}')`;

/** audit_entry_hash over the input row `i` of the append (one time for all the entries of an append). */
function entryHash(previousHash: SQL, sequence: SQL, at: SQL): SQL {
  return sql`audit_entry_hash(${previousHash}, ${sequence}, ${at}, i."actorSubject", ${roles},
    i."organizationCode", i.action, i.entity, i."entityId", i."requestId", i.outcome)`;
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
}

function whereOf(filter: AuditFilter, afterSequence?: number): SQL | undefined {
  return and(
    filter.entity !== undefined ? eq(auditEntries.entity, filter.entity) : undefined,
    filter.entityId !== undefined ? eq(auditEntries.entityId, filter.entityId) : undefined,
    afterSequence !== undefined ? gt(auditEntries.sequence, afterSequence) : undefined,
  );
}

/** Oldest first, after a sequence. */
export function listAuditEntries(db: Executor, filter: AuditFilter, options: { afterSequence?: number; limit: number }): Promise<AuditEntryRow[]> {
  return db.select().from(auditEntries).where(whereOf(filter, options.afterSequence)).orderBy(asc(auditEntries.sequence)).limit(options.limit);
}

export async function countAuditEntries(db: Executor, filter: AuditFilter): Promise<number> {
  const [row] = await db.select({ n: count() }).from(auditEntries).where(whereOf(filter));
  return row?.n ?? 0;
}

export async function readAuditHead(db: Executor): Promise<{ sequence: number; hash: string }> {
  const [head] = await db.select({ sequence: auditHead.sequence, hash: auditHead.hash }).from(auditHead).where(eq(auditHead.id, 1));
  return head!;
}

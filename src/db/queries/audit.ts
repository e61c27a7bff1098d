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
 * Appends entries to the chain in one statement (`audit_append`, drizzle/0010_audit_append.sql):
 * locks the head row (so appends from every instance form one gap-free line), hashes each entry onto
 * the one before (audit_entry_hash), inserts them and moves the head, in time linear in the entries.
 * Inside a transaction the head stays locked until it ends, so a transaction appends last. Times
 * never go backwards along the chain.
 */
export async function appendAuditEntries(db: Executor, entries: NewAuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const input = JSON.stringify(entries.map((entry, index) => ({ ...entry, actorRoles: entry.actorRoles.join(","), n: index + 1 })));
  await db.execute(sql`select audit_append(${input}::jsonb)`);
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

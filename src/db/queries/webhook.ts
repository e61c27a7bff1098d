import { and, asc, count, desc, eq, inArray, lte, sql, type SQL } from "drizzle-orm";
import { instant, onceInTransaction, queryRows, type Executor } from "../client.js";
import { organizations } from "../schema/partner.js";
import { webhookDeliveries, webhookEndpoints } from "../schema/webhook.js";
import { releaseLeases } from "./leases.js";

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
type NewWebhookEndpoint = typeof webhookEndpoints.$inferInsert;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
type NewWebhookDelivery = typeof webhookDeliveries.$inferInsert;
export type WebhookEventTypeName = (typeof webhookEndpoints.$inferSelect)["events"][number];
export type WebhookDeliveryStatusName = WebhookDeliveryRow["status"];

const afterMs = (ms: number) => sql`now() + ${Math.max(0, Math.round(ms))} * interval '1 millisecond'`;

export async function insertEndpoint(tx: Executor, values: NewWebhookEndpoint): Promise<WebhookEndpointRow> {
  const [row] = await tx.insert(webhookEndpoints).values(values).returning();
  return row!;
}

export async function findEndpoint(db: Executor, id: string): Promise<WebhookEndpointRow | undefined> {
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  return row;
}

/** The endpoint, locked until the transaction ends. */
export async function lockEndpoint(tx: Executor, id: string): Promise<WebhookEndpointRow | undefined> {
  const [row] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).for("update");
  return row;
}

/** One organization's endpoints, or (null) every organization's; oldest first. */
export async function listEndpoints(db: Executor, organizationId: string | null): Promise<WebhookEndpointRow[]> {
  return db
    .select()
    .from(webhookEndpoints)
    .where(organizationId ? eq(webhookEndpoints.organizationId, organizationId) : undefined)
    .orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id));
}

/** How many endpoints an organization has, counted under a lock on the organization so two creations queue up. */
export async function countEndpointsLocked(tx: Executor, organizationId: string): Promise<number> {
  await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId)).for("update");
  const [row] = await tx.select({ n: count() }).from(webhookEndpoints).where(eq(webhookEndpoints.organizationId, organizationId));
  return row?.n ?? 0;
}

export async function updateEndpoint(tx: Executor, id: string, patch: Partial<NewWebhookEndpoint>): Promise<WebhookEndpointRow> {
  const [row] = await tx
    .update(webhookEndpoints)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(webhookEndpoints.id, id))
    .returning();
  return row!;
}

/** Removes an endpoint and (cascade) its deliveries. */
export async function deleteEndpoint(tx: Executor, id: string): Promise<void> {
  await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id));
}

export interface CandidateEndpoint {
  id: string;
  organizationId: string;
  organizationKind: string;
  events: WebhookEventTypeName[];
}

/**
 * Enabled endpoints with the types they subscribe to and their organization's kind: who may get
 * a message. Read once per transaction: a change that records several messages asks once.
 */
export async function enabledEndpoints(tx: Executor): Promise<CandidateEndpoint[]> {
  return onceInTransaction(tx, "enabledWebhookEndpoints", () =>
    tx
      .select({
        id: webhookEndpoints.id,
        organizationId: webhookEndpoints.organizationId,
        organizationKind: organizations.kind,
        events: webhookEndpoints.events,
      })
      .from(webhookEndpoints)
      .innerJoin(organizations, eq(organizations.id, webhookEndpoints.organizationId))
      .where(eq(webhookEndpoints.enabled, true)),
  );
}

export async function insertDeliveries(tx: Executor, rows: NewWebhookDelivery[]): Promise<WebhookDeliveryRow[]> {
  if (rows.length === 0) return [];
  return tx.insert(webhookDeliveries).values(rows).returning();
}

export async function findDelivery(db: Executor, id: string): Promise<WebhookDeliveryRow | undefined> {
  const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  return row;
}

export async function lockDelivery(tx: Executor, id: string): Promise<WebhookDeliveryRow | undefined> {
  const [row] = await tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).for("update");
  return row;
}

/** One endpoint's deliveries, newest first, after a cursor (the last row seen). */
export async function listDeliveries(
  db: Executor,
  endpointId: string,
  options: { status?: WebhookDeliveryStatusName; after?: { createdAt: Date; id: string }; limit: number },
): Promise<WebhookDeliveryRow[]> {
  const { after } = options;
  return db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpointId),
        options.status ? eq(webhookDeliveries.status, options.status) : undefined,
        // Cursors hold milliseconds; the column holds microseconds.
        after
          ? sql`(date_trunc('milliseconds', ${webhookDeliveries.createdAt}), ${webhookDeliveries.id}) < (${instant(after.createdAt)}, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(sql`date_trunc('milliseconds', ${webhookDeliveries.createdAt})`), desc(webhookDeliveries.id))
    .limit(options.limit);
}

export async function countDeliveries(db: Executor, endpointId: string, status?: WebhookDeliveryStatusName): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.endpointId, endpointId), status ? eq(webhookDeliveries.status, status) : undefined));
  return row?.n ?? 0;
}

/** Serializes claims across instances (one short statement each), so the per-endpoint bound holds everywhere. */
const CLAIM_LOCK = 0x77686b31; // "whk1"

/**
 * Claims up to `limit` due deliveries and leases them for `leaseMs` (database clock), taking no
 * more of one endpoint than `perEndpoint` minus its deliveries already leased (by any instance):
 * a slow or dead endpoint fills its own places only, never the batch.
 */
export async function claimDueDeliveries(
  tx: Executor,
  options: { limit: number; leaseMs: number; perEndpoint: number },
): Promise<WebhookDeliveryRow[]> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CLAIM_LOCK})`);
  const picked: SQL = sql`
    with busy as (
      select endpoint_id, count(*)::int as n from webhook_deliveries
       where status = 'PENDING' and locked_until > now() group by endpoint_id
    ), due as (
      select id, endpoint_id, next_attempt_at, created_at,
             row_number() over (partition by endpoint_id order by next_attempt_at, created_at) as rank
        from webhook_deliveries
       where status = 'PENDING' and next_attempt_at <= now() and (locked_until is null or locked_until <= now())
    )
    select due.id from due left join busy on busy.endpoint_id = due.endpoint_id
     where due.rank + coalesce(busy.n, 0) <= ${options.perEndpoint}
     order by due.next_attempt_at, due.created_at
     limit ${options.limit}`;
  return tx
    .update(webhookDeliveries)
    .set({ lockedUntil: afterMs(options.leaseMs) })
    .where(and(sql`${webhookDeliveries.id} in (${picked})`, eq(webhookDeliveries.status, "PENDING")))
    .returning();
}

/** An attempt's outcome: the delivery's next state, its lease released. */
export async function settleDelivery(
  tx: Executor,
  id: string,
  next: {
    status: WebhookDeliveryStatusName;
    attemptAt: Date;
    responseStatus: number | null;
    error: string | null;
    /** PENDING only: when the next attempt is due. */
    retryInMs?: number;
  },
): Promise<WebhookDeliveryRow> {
  const [row] = await tx
    .update(webhookDeliveries)
    .set({
      status: next.status,
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      lastAttemptAt: next.attemptAt,
      lastResponseStatus: next.responseStatus,
      lastError: next.error,
      nextAttemptAt: next.status === "PENDING" ? afterMs(next.retryInMs ?? 0) : null,
      lockedUntil: null,
    })
    .where(eq(webhookDeliveries.id, id))
    .returning();
  return row!;
}

/** A disabled endpoint's pending deliveries end FAILED with the reason. */
export async function failPendingDeliveries(tx: Executor, endpointId: string, reason: string): Promise<void> {
  await tx
    .update(webhookDeliveries)
    .set({ status: "FAILED", lastError: reason, nextAttemptAt: null, lockedUntil: null })
    .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, "PENDING")));
}

/** Gives claimed deliveries back at once (a worker stopping with attempts in flight), so another instance sends them. */
export function releaseDeliveryClaims(db: Executor, claims: Array<Pick<WebhookDeliveryRow, "id" | "lockedUntil">>): Promise<void> {
  return releaseLeases(db, webhookDeliveries, claims);
}

/** The delivery log is kept as long as the idempotency records (RETENTION_HOURS); pending ones stay. */
export async function purgeWebhookDeliveries(db: Executor, before: Date): Promise<number> {
  const deleted = await db
    .delete(webhookDeliveries)
    .where(and(lte(webhookDeliveries.createdAt, before), inArray(webhookDeliveries.status, ["SUCCEEDED", "FAILED"])))
    .returning({ id: webhookDeliveries.id });
  return deleted.length;
}

/** Pending deliveries per endpoint (metrics). */
export async function webhookBacklog(db: Executor): Promise<Array<{ endpointId: string; pending: number }>> {
  return queryRows<{ endpointId: string; pending: number }>(
    db,
    sql`select endpoint_id as "endpointId", count(*)::int as pending from webhook_deliveries where status = 'PENDING' group by endpoint_id`,
  );
}

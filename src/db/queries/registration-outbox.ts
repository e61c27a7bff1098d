import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Executor } from "../client.js";
import { registrationOutbox } from "../schema/registration.js";
import { releaseLeases } from "./leases.js";

export type OutboxRow = typeof registrationOutbox.$inferSelect;
export type NewOutboxRow = typeof registrationOutbox.$inferInsert;

const afterMs = (ms: number) => sql`now() + ${Math.max(0, Math.round(ms))} * interval '1 millisecond'`;

export async function insertOutbox(tx: Executor, values: NewOutboxRow): Promise<OutboxRow> {
  const [row] = await tx.insert(registrationOutbox).values(values).returning();
  return row!;
}

/**
 * Claims up to `limit` due rows for one worker and leases them for `leaseMs` (database clock), in
 * one statement: SKIP LOCKED keeps instances from waiting on each other's rows, and the lease
 * keeps them from taking a row another instance is delivering — until that instance dies and
 * the lease runs out, when the row is due again and resent with the same idempotency key.
 */
export async function claimDueOutbox(db: Executor, options: { limit: number; leaseMs: number }): Promise<OutboxRow[]> {
  const due = db
    .select({ id: registrationOutbox.id })
    .from(registrationOutbox)
    .where(
      and(
        inArray(registrationOutbox.status, ["PENDING", "POLLING"]),
        lte(registrationOutbox.nextAttemptAt, sql`now()`),
        or(isNull(registrationOutbox.lockedUntil), lt(registrationOutbox.lockedUntil, sql`now()`)),
      ),
    )
    .orderBy(asc(registrationOutbox.nextAttemptAt), asc(registrationOutbox.createdAt))
    .limit(options.limit)
    .for("update", { skipLocked: true });
  return db
    .update(registrationOutbox)
    .set({ lockedUntil: afterMs(options.leaseMs), attempts: sql`${registrationOutbox.attempts} + 1`, updatedAt: sql`now()` })
    .where(inArray(registrationOutbox.id, due))
    .returning();
}

/** The row, locked until the transaction ends, so an outcome is applied once. */
export async function lockOutbox(tx: Executor, id: string): Promise<OutboxRow | undefined> {
  const [row] = await tx.select().from(registrationOutbox).where(eq(registrationOutbox.id, id)).for("update");
  return row;
}

/** Releases the lease with the row's next state; `retryInMs` makes it due again that much later. */
export async function settleOutbox(
  tx: Executor,
  id: string,
  next: {
    status: OutboxRow["status"];
    retryInMs?: number;
    lastError?: string | null;
    registryReference?: string | null;
    resetAttempts?: boolean;
  },
): Promise<void> {
  await tx
    .update(registrationOutbox)
    .set({
      status: next.status,
      lockedUntil: null,
      nextAttemptAt: afterMs(next.retryInMs ?? 0),
      ...(next.lastError !== undefined ? { lastError: next.lastError } : {}),
      ...(next.registryReference ? { registryReference: next.registryReference } : {}),
      ...(next.resetAttempts ? { attempts: 0 } : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(registrationOutbox.id, id));
}

/** Gives claimed rows back at once (a worker stopping with calls in flight), so another instance resends them with the same key. */
export function releaseClaims(db: Executor, claims: Array<Pick<OutboxRow, "id" | "lockedUntil">>): Promise<void> {
  return releaseLeases(db, registrationOutbox, claims);
}

import { and, asc, eq, inArray, isNull, lt, lte, or, sql, type Placeholder } from "drizzle-orm";
import type { Executor } from "../client.js";
import { registrationOutbox } from "../schema/registration.js";
import { releaseLeases } from "./leases.js";
import { placeholdersAsSet, prepared, preparedPerShape, type Placeholders } from "./prepared.js";

export type OutboxRow = typeof registrationOutbox.$inferSelect;
export type NewOutboxRow = typeof registrationOutbox.$inferInsert;

/** A wait as whole milliseconds, never negative. */
const wholeMs = (ms: number) => Math.max(0, Math.round(ms));

/** `ms` (whole milliseconds, or a placeholder for them) from now, by the database's clock. */
const afterMs = (ms: number | Placeholder) => sql`now() + ${ms} * interval '1 millisecond'`;

const insertOutboxStatement = preparedPerShape((db, values: Placeholders<NewOutboxRow>) =>
  db.insert(registrationOutbox).values(values).returning().prepare("insertOutbox"),
);

export async function insertOutbox(tx: Executor, values: NewOutboxRow): Promise<OutboxRow> {
  const [row] = await insertOutboxStatement(tx, values);
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
    .set({ lockedUntil: afterMs(wholeMs(options.leaseMs)), attempts: sql`${registrationOutbox.attempts} + 1`, updatedAt: sql`now()` })
    .where(inArray(registrationOutbox.id, due))
    .returning();
}

/** The row, locked until the transaction ends, so an outcome is applied once. */
export async function lockOutbox(tx: Executor, id: string): Promise<OutboxRow | undefined> {
  const [row] = await lockOutboxStatement(tx).execute({ id });
  return row;
}

const lockOutboxStatement = prepared((db) =>
  db.select().from(registrationOutbox).where(eq(registrationOutbox.id, sql.placeholder("id"))).for("update").prepare("lockOutbox"),
);

/** The row's next state: its columns to set, when it is due again (ms from now), and the row. */
interface OutboxSettlement {
  status: OutboxRow["status"];
  lastError?: string | null;
  registryReference?: string;
  attempts?: number;
  retryInMs: number;
  rowId: string;
}

const settleOutboxStatement = preparedPerShape((db, { retryInMs, rowId, ...set }: Placeholders<OutboxSettlement>) =>
  db
    .update(registrationOutbox)
    .set(placeholdersAsSet(registrationOutbox, { ...set, lockedUntil: sql`null`, nextAttemptAt: afterMs(retryInMs), updatedAt: sql`now()` }))
    .where(eq(registrationOutbox.id, rowId))
    .prepare("settleOutbox"),
);

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
  await settleOutboxStatement(tx, {
    status: next.status,
    lastError: next.lastError,
    registryReference: next.registryReference || undefined,
    attempts: next.resetAttempts ? 0 : undefined,
    retryInMs: wholeMs(next.retryInMs ?? 0),
    rowId: id,
  });
}

/** Gives claimed rows back at once (a worker stopping with calls in flight), so another instance resends them with the same key. */
export function releaseClaims(db: Executor, claims: Array<Pick<OutboxRow, "id" | "lockedUntil">>): Promise<void> {
  return releaseLeases(db, registrationOutbox, claims);
}

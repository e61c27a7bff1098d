/**
 * The database is the judge of overlaps and double bookings (exclusion constraints and a unique
 * index, see src/db/schema/consult.ts): a statement it refuses becomes CONFLICT, never a 500.
 */
import { conflict } from "../../errors.js";

/** What each refusal means, with a stable `reason` for clients (constraint names stay inside). */
const refusals: Record<string, { reason: string; message: string }> = {
  consult_slots_lawyer_no_overlap: { reason: "LAWYER_TIME_TAKEN", message: "The time overlaps another slot or consult of this lawyer" },
  consult_bookings_one_per_slot: { reason: "SLOT_TAKEN", message: "This slot has already been booked" },
  consult_bookings_requester_no_overlap: { reason: "CITIZEN_TIME_TAKEN", message: "The citizen already has a consult at that time" },
};

/** SQLSTATE of the refusal (23P01 exclusion, 23505 unique) and the constraint's name, through drizzle's wrapping. */
export function constraintViolation(error: unknown): { code: string; constraint: string | undefined } | null {
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    const candidate = current as { code?: unknown; constraint?: unknown; constraint_name?: unknown; cause?: unknown };
    if (candidate.code === "23P01" || candidate.code === "23505") {
      const constraint = candidate.constraint_name ?? candidate.constraint;
      return { code: candidate.code, constraint: typeof constraint === "string" ? constraint : undefined };
    }
    current = candidate.cause;
  }
  return null;
}

/** SQLSTATE 40P01 anywhere in the error's causes: PostgreSQL broke a deadlock by ending this transaction. */
function isDeadlock(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    if ((current as { code?: unknown }).code === "40P01") return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** How often `work` runs when PostgreSQL ends it as a deadlock's victim. */
const DEADLOCK_ATTEMPTS = 3;

/**
 * Runs `work` (one whole transaction); an overlap or double booking the database refused is
 * rethrown as CONFLICT. Two transactions inserting overlapping rows at the same moment can each
 * find the other's uncommitted row under an exclusion constraint and wait for it: PostgreSQL ends
 * one of them as a deadlock (40P01; seen in about 1 of 75 such races). Run again, it finds the
 * winner's committed row and is refused as any later overlap is — CONFLICT, never a 500.
 */
export async function refusingConflicts<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt < DEADLOCK_ATTEMPTS && isDeadlock(error)) continue;
      throw asConflict(error);
    }
  }
}

/** An overlap or double booking the database refused, as CONFLICT; anything else as it was. */
function asConflict(error: unknown): unknown {
  const violation = constraintViolation(error);
  if (!violation) return error;
  const refusal = violation.constraint ? refusals[violation.constraint] : undefined;
  if (!refusal) return conflict("This conflicts with an existing consult");
  return conflict(refusal.message, { reason: refusal.reason });
}

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

/** Runs `work`; an overlap or double booking the database refused is rethrown as CONFLICT. */
export async function refusingConflicts<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const violation = constraintViolation(error);
    if (!violation) throw error;
    const refusal = violation.constraint ? refusals[violation.constraint] : undefined;
    if (!refusal) throw conflict("This conflicts with an existing consult");
    throw conflict(refusal.message, { reason: refusal.reason });
  }
}

/**
 * Overlaps the database refuses become CONFLICT, and a transaction PostgreSQL ended as a deadlock's
 * victim runs again: two overlapping inserts at the same moment under an exclusion constraint can
 * each wait for the other (40P01), which once answered INTERNAL_SERVER_ERROR to one of two lawyers'
 * racing takes (test/consult/concurrency.test.ts, now and then on a busy machine). No database.
 */
import { describe, expect, it } from "vitest";
import { HubError } from "../../src/errors.js";
import { refusingConflicts } from "../../src/services/consult/consult-conflicts.js";

/** What drizzle throws: its own error with postgres.js's as the cause. */
const pgError = (code: string, constraint?: string) => Object.assign(new Error("query failed"), { cause: Object.assign(new Error(code), { code, constraint_name: constraint }) });

describe("refusingConflicts", () => {
  it("runs a deadlock's victim again, and the overlap found then is CONFLICT with its reason", async () => {
    let runs = 0;
    const outcome = refusingConflicts(async () => {
      runs++;
      throw runs === 1 ? pgError("40P01") : pgError("23P01", "consult_slots_lawyer_no_overlap");
    });
    await expect(outcome).rejects.toMatchObject({ code: "CONFLICT", extensions: { reason: "LAWYER_TIME_TAKEN" } });
    expect(runs).toBe(2);
  });

  it("returns what the second run returns", async () => {
    let runs = 0;
    const outcome = await refusingConflicts(async () => {
      if (++runs === 1) throw pgError("40P01");
      return "stored";
    });
    expect([outcome, runs]).toEqual(["stored", 2]);
  });

  it("gives up after three deadlocks in a row and lets the error through", async () => {
    let runs = 0;
    const error = await refusingConflicts(async () => {
      runs++;
      throw pgError("40P01");
    }).catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(HubError);
    expect(runs).toBe(3);
  });

  it("does not run again on any other failure", async () => {
    let runs = 0;
    await expect(
      refusingConflicts(async () => {
        runs++;
        throw pgError("57014");
      }),
    ).rejects.toThrow("query failed");
    expect(runs).toBe(1);
  });
});

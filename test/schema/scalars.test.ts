import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DateTimeScalar, isoInstant } from "../../src/schema/scalars.js";

describe("DateTime serialization", () => {
  it("writes every instant exactly as toISOString does", () => {
    // Every millisecond from year -271821 to 275760, the whole range a Date can hold.
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), (date) => {
        expect(isoInstant(date)).toBe(date.toISOString());
      }),
      { numRuns: 20_000 },
    );
  });

  it("agrees at the edges of the four-digit years and of each field", () => {
    for (const text of [
      "1000-01-01T00:00:00.000Z",
      "0999-12-31T23:59:59.999Z",
      "9999-12-31T23:59:59.999Z",
      "0001-01-01T00:00:00.000Z",
      "2024-02-29T09:05:07.010Z",
      "2025-06-09T14:30:00.100Z",
    ]) {
      expect(isoInstant(new Date(text))).toBe(text);
    }
    expect(isoInstant(new Date(Date.UTC(10_000, 0, 1)))).toBe("+010000-01-01T00:00:00.000Z");
  });

  it("refuses an invalid date as toISOString does, and takes strings from the database", () => {
    expect(() => isoInstant(new Date(Number.NaN))).toThrow(RangeError);
    expect(DateTimeScalar.serialize("2025-06-09 14:30:00.1+07")).toBe("2025-06-09T07:30:00.100Z");
  });
});

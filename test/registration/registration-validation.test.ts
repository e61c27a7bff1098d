import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ok } from "../support/graphql.js";
import { testConfig, useTestHub, type TestHub } from "../support/hub.js";
import { fastOutbox, freshParcel, registerInput, tryRegister } from "./registration-factory.js";

let hub: TestHub;
let vcb: string;

useTestHub(
  async (started) => {
    hub = started;
    vcb = await hub.token({ role: "BANK_OFFICER", org: "VCB" });
  },
  { config: testConfig(fastOutbox) },
);

const parcel = freshParcel();
const valid = registerInput(parcel);
const mortgagor = valid.mortgagors[0]!;
const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

const cases: Array<[string, Record<string, unknown>, string]> = [
  ["a 13-digit citizen ID", { mortgagors: [{ ...mortgagor, kind: "INDIVIDUAL", idNumber: "0011771615170" }] }, "input.mortgagors.0.idNumber"],
  ["an 11-digit tax code", { mortgagors: [{ ...mortgagor, kind: "ORGANIZATION", idNumber: "01012345678" }] }, "input.mortgagors.0.idNumber"],
  ["a mortgagor listed twice", { mortgagors: [mortgagor, mortgagor] }, "input.mortgagors.1.idNumber"],
  ["no mortgagor", { mortgagors: [] }, "input.mortgagors"],
  ["no parcel", { parcels: [] }, "input.parcels"],
  ["the same parcel twice", { parcels: [valid.parcels[0], { ...valid.parcels[0], certificateSerial: ` ${parcel.certificateSerial.toLowerCase()} ` }] }, "input.parcels.1.certificateSerial"],
  ["a negative amount", { obligation: { ...valid.obligation, amount: "-1500000000" } }, "input.obligation.amount"],
  ["a zero amount", { obligation: { ...valid.obligation, amount: "0.00" } }, "input.obligation.amount"],
  ["a currency that is not ISO 4217", { obligation: { ...valid.obligation, currency: "XYZ" } }, "input.obligation.currency"],
  ["a lower-case currency", { obligation: { ...valid.obligation, currency: "vnd" } }, "input.obligation.currency"],
  ["a contract dated in the future", { obligation: { ...valid.obligation, contractDate: tomorrow } }, "input.obligation.contractDate"],
  ["a security contract dated in the future", { securityContractDate: tomorrow }, "input.securityContractDate"],
  ["a zero area", { parcels: [{ ...valid.parcels[0], areaM2: 0 }] }, "input.parcels.0.areaM2"],
  ["an empty name", { mortgagors: [{ ...mortgagor, fullName: "  " }] }, "input.mortgagors.0.fullName"],
  ["a 100 kB address", { mortgagors: [{ ...mortgagor, address: "x".repeat(100_000) }] }, "input.mortgagors.0.address"],
  ["an unknown branch", { branchCode: "HN-PASC-B99" }, "input.branchCode"],
  ["a 100 kB branch code", { branchCode: "B".repeat(100_000) }, "input.branchCode"],
  ["delivery by post without an address", { resultDelivery: "BY_POST", deliveryAddress: null }, "input.deliveryAddress"],
];

describe("registerSecurity input validation", () => {
  it.each(cases)("refuses %s as BAD_USER_INPUT naming the field, and stores nothing", async (_name, overrides, field) => {
    const response = await tryRegister(hub, vcb, { ...valid, ...overrides });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    expect(response.errors![0]!.message.length, "the message does not echo a huge input").toBeLessThan(300);
    const { securityRegistrations, dossiers } = await ok(hub.url, `{ securityRegistrations { totalCount } dossiers { totalCount } }`, {}, vcb);
    expect([securityRegistrations.totalCount, dossiers.totalCount]).toEqual([0, 0]);
  });

  it("refuses contract dates in year 0, which PostgreSQL cannot store, and stores nothing (found by fuzzing)", async () => {
    for (const overrides of [{ securityContractDate: "0000-01-01" }, { obligation: { ...valid.obligation, contractDate: "0000-02-29" } }]) {
      const response = await tryRegister(hub, vcb, { ...valid, ...overrides });
      expect(response.status).toBeLessThan(500);
      expect(response.errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
    }
    const { securityRegistrations } = await ok(hub.url, `{ securityRegistrations { totalCount } }`, {}, vcb);
    expect(securityRegistrations.totalCount).toBe(0);
  });

  it("refuses an idempotency key that is empty, too long or not printable", async () => {
    for (const key of ["", "k".repeat(201), "line\nbreak"]) {
      const response = await tryRegister(hub, vcb, valid, key);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "idempotencyKey" });
    }
  });

  it("accepts organization mortgagors with 10- and 13-digit tax codes and normalizes certificate serials", async () => {
    const response = await tryRegister(
      hub,
      vcb,
      {
        ...valid,
        mortgagors: [
          { kind: "ORGANIZATION", fullName: "Cong ty TNHH An Phat", idNumber: "0101234567", address: "1 Trang Tien, Ha Noi" },
          { kind: "ORGANIZATION", fullName: "Chi nhanh An Phat", idNumber: "0101234567-001", address: "2 Trang Tien, Ha Noi" },
        ],
        parcels: [{ ...valid.parcels[0], certificateSerial: ` ${parcel.certificateSerial.toLowerCase().replace(" ", "   ")}` }],
      },
      randomUUID(),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.registerSecurity.mortgagors.map((m: { idNumber: string }) => m.idNumber)).toEqual(["0101234567", "0101234567001"]);
    expect(response.data.registerSecurity.parcels).toEqual([{ certificateSerial: parcel.certificateSerial }]);
  });
});

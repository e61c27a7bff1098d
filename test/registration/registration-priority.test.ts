import { expect, it } from "vitest";
import { describeWithPostgres } from "../support/database.js";
import { ok } from "../support/graphql.js";
import { testConfig, useTestHub, type TestHub } from "../support/hub.js";
import { fastOutbox, followUp, freshParcel, readRegistration, register, registerInput, waitForStatus } from "./registration-factory.js";

let hub: TestHub;

const ENCUMBRANCES = `query($serial: String!) {
  landParcel(certificateSerial: $serial) { encumbrances { registrationNumber registeredAt priorityRank status mortgagee { code kind } } } }`;

describeWithPostgres("priority between banks on one parcel", () => {
  useTestHub((started) => {
    hub = started;
  }, { config: testConfig(fastOutbox) });

  it("ranks two banks registering at once in the registry's order, and moves the second up when the first is released", async () => {
    const [vcb, bidv] = await Promise.all([
      hub.token({ role: "BANK_OFFICER", org: "VCB" }),
      hub.token({ role: "BANK_OFFICER", org: "BIDV" }),
    ]);
    const parcel = freshParcel();
    const [ours, theirs] = await Promise.all([register(hub, vcb, registerInput(parcel)), register(hub, bidv, registerInput(parcel))]);
    const [vcbRegistered, bidvRegistered] = await Promise.all([
      waitForStatus(hub, vcb, ours.id, ["REGISTERED"]),
      waitForStatus(hub, bidv, theirs.id, ["REGISTERED"]),
    ]);

    // The registry numbered them in the order it received them; the hub shows exactly that order.
    const registryOrder = hub.partners.simulators.landRegistry!
      .registrations()
      .filter((r) => r.parcels.includes(parcel.certificateSerial))
      .map((r) => r.mortgageeCode);
    expect([...registryOrder].sort()).toEqual(["BIDV", "VCB"]);
    const byRank = [vcbRegistered, bidvRegistered].sort((a, b) => a.priorityRank - b.priorityRank);
    expect(byRank.map((r) => r.priorityRank)).toEqual([1, 2]);
    expect(byRank.map((r) => r.mortgagee.code)).toEqual(registryOrder);
    expect(byRank[0].registrationNumber < byRank[1].registrationNumber).toBe(true);
    expect(byRank[0].registeredAt <= byRank[1].registeredAt).toBe(true);

    // Any bank sees both encumbrances, in rank order, with their mortgagees.
    const seenByVcb = (await ok(hub.url, ENCUMBRANCES, { serial: parcel.certificateSerial }, vcb)).landParcel.encumbrances;
    expect(seenByVcb.map((e: any) => [e.priorityRank, e.registrationNumber, e.mortgagee.code, e.status])).toEqual(
      byRank.map((r, i) => [i + 1, r.registrationNumber, r.mortgagee.code, "REGISTERED"]),
    );

    // The first-ranking bank releases its security: the other ranks first now.
    const [firstToken, secondToken] = byRank[0].mortgagee.code === "VCB" ? [vcb, bidv] : [bidv, vcb];
    const release = await followUp(hub, firstToken, "deregisterSecurity", byRank[0].id, { reason: "Loan repaid" });
    expect(release.errors).toBeUndefined();
    await waitForStatus(hub, firstToken, release.data.deregisterSecurity.id, ["REGISTERED"]);

    expect((await readRegistration(hub, secondToken, byRank[1].id)).priorityRank).toBe(1);
    expect((await readRegistration(hub, firstToken, byRank[0].id)).priorityRank).toBeNull();
    const after = (await ok(hub.url, ENCUMBRANCES, { serial: parcel.certificateSerial }, secondToken)).landParcel.encumbrances;
    expect(after.map((e: any) => [e.priorityRank, e.registrationNumber])).toEqual([[1, byRank[1].registrationNumber]]);
  });
});

import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../src/db/client.js";
import { idOf } from "../../src/schema/node.js";
import { describeWithPostgres, type TestDatabase } from "../support/database.js";
import { errorCode, ok, subscribe, wsClient } from "../support/graphql.js";
import { startTestHub, testConfig, useTestHub, type TestHub } from "../support/hub.js";
import { fastOutbox, freshParcel, readRegistration, register, registerInput, waitForStatus } from "./registration-factory.js";

let database: TestDatabase;
let hub: TestHub;
const config = testConfig(fastOutbox);
let tokens: Record<"vcb" | "bidv" | "staff" | "admin" | "registryApp" | "clerk" | "citizen", string>;

useTestHub(
  async (started, db) => {
    [hub, database] = [started, db];
    tokens = {
      vcb: await hub.token({ role: "BANK_OFFICER", org: "VCB" }),
      bidv: await hub.token({ role: "BANK_OFFICER", org: "BIDV" }),
      staff: await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" }),
      admin: await hub.token({ role: "ADMIN", org: "HN-PASC" }),
      registryApp: await hub.token({ role: "PARTNER_APP", org: "HN-LRO" }),
      clerk: await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01" }),
      citizen: await hub.token({ role: "CITIZEN" }),
    };
  },
  { config },
);

const VIEW = `id obligation { amount } mortgagors { idNumber }`;

describe("who reads a registration", () => {
  it("keeps a bank's registration and its obligation from other banks, who still see the parcel's encumbrance", async () => {
    const parcel = freshParcel();
    const lodged = await register(hub, tokens.vcb, registerInput(parcel));
    const registered = await waitForStatus(hub, tokens.vcb, lodged.id, ["REGISTERED"]);

    expect(await ok(hub.url, `query($id: ID!) { securityRegistration(id: $id) { id } }`, { id: lodged.id }, tokens.bidv)).toEqual({
      securityRegistration: null,
    });
    expect((await ok(hub.url, `query($id: ID!) { node(id: $id) { id } }`, { id: lodged.id }, tokens.bidv)).node).toBeNull();
    expect((await ok(hub.url, `{ securityRegistrations { totalCount nodes { id } } }`, {}, tokens.bidv)).securityRegistrations).toEqual({
      totalCount: 0,
      nodes: [],
    });
    const dossier = await ok(hub.url, `query($id: ID!) { dossier(id: $id) { id } }`, { id: registered.dossier.id }, tokens.bidv);
    expect(dossier.dossier).toBeNull();

    const parcelView = await ok(
      hub.url,
      `query($s: String!) { landParcel(certificateSerial: $s) { encumbrances { registrationNumber registeredAt priorityRank status mortgagee { code } } } }`,
      { s: parcel.certificateSerial },
      tokens.bidv,
    );
    expect(parcelView.landParcel.encumbrances).toEqual([
      { registrationNumber: registered.registrationNumber, registeredAt: registered.registeredAt, priorityRank: 1, status: "REGISTERED", mortgagee: { code: "VCB" } },
    ]);
  });

  it("shows the obligation to the mortgagee, the registry and admins, and ID numbers whole to the mortgagee and center staff", async () => {
    const parcel = freshParcel();
    const lodged = await register(hub, tokens.vcb, registerInput(parcel));
    const idNumber = parcel.landUsers[0]!.idNumber;
    const masked = "*".repeat(idNumber.length - 3) + idNumber.slice(-3);
    const view = (token: string) => readRegistration(hub, token, lodged.id, VIEW);

    expect(await view(tokens.vcb)).toMatchObject({ obligation: { amount: "1500000000" }, mortgagors: [{ idNumber }] });
    expect(await view(tokens.staff)).toMatchObject({ obligation: null, mortgagors: [{ idNumber }] });
    expect(await view(tokens.admin)).toMatchObject({ obligation: { amount: "1500000000" }, mortgagors: [{ idNumber: masked }] });
    expect(await view(tokens.registryApp)).toMatchObject({ obligation: { amount: "1500000000" }, mortgagors: [{ idNumber: masked }] });
    expect(await errorCode(hub.url, `query($id: ID!) { securityRegistration(id: $id) { id } }`, { id: lodged.id }, tokens.clerk)).toBe("FORBIDDEN");

    const audited = await queryRows<{ actor_roles: string[] }>(
      database.handle.db,
      sql`select to_jsonb(actor_roles) as actor_roles from audit_entries
          where action = 'personalData.read' and entity = 'securityRegistration' and entity_id = ${idOf("SecurityRegistration", lodged.id)}`,
    );
    // The lodging's own answer and the two reads above showed the ID numbers whole; masked reads are not personal data.
    expect(new Set(audited.flatMap((row) => row.actor_roles))).toEqual(new Set(["BANK_OFFICER", "CENTER_STAFF"]));
  });

  it("lets only bank officers lodge, and refuses those who may not read registrations", async () => {
    const input = registerInput(freshParcel());
    const lodge = `mutation($input: RegisterSecurityInput!) { registerSecurity(input: $input, idempotencyKey: "k-1") { id } }`;
    expect(await errorCode(hub.url, lodge, { input }, tokens.staff)).toBe("FORBIDDEN");
    expect(await errorCode(hub.url, lodge, { input }, tokens.citizen)).toBe("FORBIDDEN");
    expect(await errorCode(hub.url, lodge, { input })).toBe("UNAUTHENTICATED");
    expect(await errorCode(hub.url, `{ securityRegistrations { totalCount } }`, {}, tokens.citizen)).toBe("FORBIDDEN");
  });
});

describe("following registrations by subscription", () => {
  const UPDATED = `subscription($id: ID) { securityRegistrationUpdated(id: $id) { id status mortgagee { code } history { status } } }`;

  it("sends a bank officer every change of their own bank's registrations and nothing of another bank's", async () => {
    const vcbClient = wsClient(hub.wsUrl, tokens.vcb);
    const bidvClient = wsClient(hub.wsUrl, tokens.bidv);
    try {
      const vcbFeed = subscribe(vcbClient, UPDATED);
      const bidvFeed = subscribe(bidvClient, UPDATED);
      await new Promise((resolve) => setTimeout(resolve, 300)); // both subscribed before the changes

      const ours = await register(hub, tokens.vcb, registerInput(freshParcel()));
      const theirs = await register(hub, tokens.bidv, registerInput(freshParcel()));
      await waitForStatus(hub, tokens.vcb, ours.id, ["REGISTERED"]);
      await waitForStatus(hub, tokens.bidv, theirs.id, ["REGISTERED"]);

      const untilRegistered = async (feed: typeof vcbFeed, id: string) => {
        for (let n = 1; ; n++) {
          const results = await feed.next(n);
          const last = results.at(-1)!.data.securityRegistrationUpdated;
          if (last.id === id && last.status === "REGISTERED") return results.map((r) => r.data.securityRegistrationUpdated);
        }
      };
      const vcbEvents = await untilRegistered(vcbFeed, ours.id);
      const bidvEvents = await untilRegistered(bidvFeed, theirs.id);
      // Earlier tests' VCB registrations may still be changing: every event is VCB's, none is BIDV's.
      expect(new Set(vcbEvents.map((e) => e.mortgagee.code))).toEqual(new Set(["VCB"]));
      expect(new Set(bidvEvents.map((e) => e.mortgagee.code))).toEqual(new Set(["BIDV"]));
      expect(bidvEvents.map((e) => e.id)).not.toContain(ours.id);
      expect(vcbEvents.at(-1).history.map((e: { status: string }) => e.status)).toEqual(["SUBMITTED", "FORWARDED", "REGISTERED"]);

      const foreign = subscribe(bidvClient, UPDATED, { id: ours.id });
      await foreign.ended();
      expect(foreign.results[0]?.errors?.[0]?.extensions.code).toBe("NOT_FOUND");
    } finally {
      await Promise.all([vcbClient.dispose(), bidvClient.dispose()]);
    }
  });

  it("refuses the roles the subscription does not declare", async () => {
    for (const token of [tokens.clerk, tokens.citizen]) {
      const client = wsClient(hub.wsUrl, token);
      try {
        const feed = subscribe(client, UPDATED, { id: null });
        await feed.ended();
        expect(feed.results[0]?.errors?.[0]?.extensions.code).toBe("FORBIDDEN");
      } finally {
        await client.dispose();
      }
    }
  });
});

describeWithPostgres("following across hub instances", () => {
  it("delivers a change made through one hub to a subscriber of another", async () => {
    const other = await startTestHub(database.handle, { config });
    const client = wsClient(other.wsUrl, tokens.vcb);
    try {
      const feed = subscribe(client, `subscription { securityRegistrationUpdated { id status } }`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const lodged = await register(hub, tokens.vcb, registerInput(freshParcel()));
      const [first] = await feed.next(1);
      expect(first!.data.securityRegistrationUpdated.id).toBe(lodged.id);
    } finally {
      await client.dispose();
      await other.close();
    }
  });
});

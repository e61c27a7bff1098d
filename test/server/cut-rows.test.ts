/**
 * Pages read their rows with only the columns their selection's fields need (issue 14:
 * `dossierColumns` and `registrationColumns` in src/resolvers). Each field of Dossier and of
 * SecurityRegistration, selected alone in a page, must answer exactly as the same field does on the
 * whole row (`node(id)`), for every kind of reader — masking, the obligation's visibility, `overdue`
 * and the priority rank read columns the client never names. A field whose columns a map misses
 * answers differently here (a column left out reads as undefined).
 */
import { expect, it } from "vitest";
import { receive, submitDossier } from "../support/dossier-factory.js";
import { gql, ok } from "../support/graphql.js";
import { testConfig, useTestHub, type TestHub } from "../support/hub.js";
import { fastOutbox, freshParcel, register, registerInput, waitForStatus } from "../registration/registration-factory.js";

let hub: TestHub;
const tokens: Record<string, string> = {};
useTestHub(
  async (started) => {
    hub = started;
    tokens.citizen = await hub.token({ role: "CITIZEN" });
    tokens.clerk = await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01" });
    tokens.staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
    tokens.admin = await hub.token({ role: "ADMIN", org: "HN-PASC" });
    tokens.officer = await hub.token({ role: "BANK_OFFICER", org: "VCB" });
    tokens.otherBank = await hub.token({ role: "BANK_OFFICER", org: "BIDV" });
    const submitted = await submitDossier(hub, tokens.citizen!);
    await receive(hub, tokens.clerk!, submitted.id);
    await submitDossier(hub, tokens.citizen!, { branchCode: "HN-PASC-B02" });
    const registered = await register(hub, tokens.officer!, registerInput(freshParcel()));
    await waitForStatus(hub, tokens.officer!, registered.id, ["REGISTERED"]);
    await register(hub, tokens.officer!, registerInput(freshParcel()));
  },
  { config: testConfig(fastOutbox) },
);

/** Every field of `type` must have a selection here (object fields with a few of theirs). */
async function expectAllFields(type: string, selections: Record<string, string>) {
  const found = await ok(hub.url, `query($type: String!) { __type(name: $type) { fields { name } } }`, { type });
  expect(Object.keys(selections).sort()).toEqual(found.__type.fields.map((field: { name: string }) => field.name).sort());
}

/**
 * For each reader and field: the rows `pages` finds with that field selected (alone, beside `id`)
 * equal `node(id)`'s answer for the same selection. Returns how many rows each reader compared.
 */
async function compareFieldByField(
  type: string,
  selections: Record<string, string>,
  readers: string[],
  pages: Array<{ query: (selection: string) => string; rows: (data: any) => Array<{ id: string }> }>,
) {
  const compared: Record<string, number> = {};
  for (const reader of readers) {
    for (const [field, selection] of Object.entries(selections)) {
      for (const page of pages) {
        // A reader who may not list these (a citizen's registrations) gets an error, and no rows.
        const answer = await gql(hub.url, page.query(`id ${selection}`), {}, tokens[reader]);
        if (answer.errors?.[0]?.extensions?.code === "FORBIDDEN") continue;
        expect(answer.errors).toBeUndefined();
        for (const row of page.rows(answer.data)) {
          const whole = await ok(hub.url, `query($id: ID!) { node(id: $id) { ... on ${type} { id ${selection} } } }`, { id: row.id }, tokens[reader]);
          expect({ reader, field, row }).toEqual({ reader, field, row: whole.node });
          if (field === "id") compared[reader] = (compared[reader] ?? 0) + 1;
        }
      }
    }
  }
  return compared;
}

it("answers every field of Dossier from a page's cut rows as from the whole row, for each reader", async () => {
  const selections = {
    id: "id",
    code: "code",
    channel: "channel",
    status: "status",
    submittedAt: "submittedAt",
    receivedAt: "receivedAt",
    dueAt: "dueAt",
    apology: "apology",
    resultDelivery: "resultDelivery",
    version: "version",
    procedure: "procedure { code name }",
    branch: "branch { code }",
    applicant: "applicant { fullName idNumber phone }",
    overdue: "overdue",
    timeline: "timeline { sequence status at actorRole note dossierId }",
    documents: "documents { id }",
    delivery: "delivery { trackingNumber }",
    consultations: "consultations { id }",
    securityRegistration: "securityRegistration { id }",
  };
  await expectAllFields("Dossier", selections);
  const compared = await compareFieldByField("Dossier", selections, ["citizen", "clerk", "staff", "officer"], [
    { query: (selection) => `{ dossiers(first: 50) { nodes { ${selection} } } }`, rows: (data) => data.dossiers.nodes },
    {
      query: (selection) => `{ securityRegistrations(first: 50) { nodes { dossier { ${selection} } } } }`,
      rows: (data) => data.securityRegistrations.nodes.map((node: { dossier: { id: string } }) => node.dossier),
    },
  ]);
  // Rows compared per field: the citizen's 2; the clerk's branch's 3 (the bank's dossiers are lodged there too);
  // staff all 4 and the 2 registrations'; the bank its 2 dossiers, as dossiers and as its registrations'.
  expect(compared).toEqual({ citizen: 2, clerk: 3, staff: 6, officer: 4 });
});

it("answers every field of SecurityRegistration from a page's cut rows as from the whole row, for each reader", async () => {
  const selections = {
    id: "id",
    kind: "kind",
    status: "status",
    attachedAssets: "attachedAssets { description }",
    securityContractNumber: "securityContractNumber",
    securityContractDate: "securityContractDate",
    registrationNumber: "registrationNumber",
    registeredAt: "registeredAt",
    rejectionReason: "rejectionReason",
    dossier: "dossier { code }",
    mortgagee: "mortgagee { code }",
    mortgagors: "mortgagors { kind fullName idNumber address }",
    parcels: "parcels { certificateSerial }",
    obligation: "obligation { contractNumber contractDate amount currency }",
    priorityRank: "priorityRank",
    subject: "subject { id }",
    history: "history { sequence status at note }",
  };
  await expectAllFields("SecurityRegistration", selections);
  const compared = await compareFieldByField("SecurityRegistration", selections, ["officer", "otherBank", "staff", "admin"], [
    { query: (selection) => `{ securityRegistrations(first: 50) { nodes { ${selection} } } }`, rows: (data) => data.securityRegistrations.nodes },
  ]);
  expect(compared).toEqual({ officer: 2, staff: 2, admin: 2 });
});

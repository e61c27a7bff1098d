/**
 * A page reads its dossiers with only the columns its selection's fields need (issue 14,
 * `dossierColumns` in src/resolvers/dossier/dossier-fields.resolver.ts). Each field of Dossier,
 * selected alone in a page of dossiers and in a page of registrations' dossiers, must answer exactly
 * as the same field does on the whole row (`node(id)`), for every kind of reader — the masking of the
 * applicant and `overdue` read columns the client never names. A field whose columns the map misses
 * answers differently here (a column left out reads as undefined).
 */
import { expect, it } from "vitest";
import { receive, submitDossier } from "../support/dossier-factory.js";
import { ok } from "../support/graphql.js";
import { useTestHub, type TestHub } from "../support/hub.js";
import { freshParcel, register, registerInput } from "../registration/registration-factory.js";

let hub: TestHub;
useTestHub((started) => {
  hub = started;
});

/** A selection of each Dossier field; object fields with a few of theirs. Every field of the type must be here. */
const SELECTIONS: Record<string, string> = {
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

it("answers every field of Dossier from a page's cut rows as from the whole row, for each reader", async () => {
  const fields = await ok(hub.url, `{ __type(name: "Dossier") { fields { name } } }`);
  expect(Object.keys(SELECTIONS).sort()).toEqual(fields.__type.fields.map((field: { name: string }) => field.name).sort());

  const citizen = await hub.token({ role: "CITIZEN" });
  const clerk = await hub.token({ role: "POST_CLERK", org: "VNPOST-HN", branch: "HN-PASC-B01" });
  const staff = await hub.token({ role: "CENTER_STAFF", org: "HN-PASC", branch: "HN-PASC-B01" });
  const officer = await hub.token({ role: "BANK_OFFICER", org: "VCB" });
  const submitted = await submitDossier(hub, citizen);
  await receive(hub, clerk, submitted.id);
  await submitDossier(hub, citizen, { branchCode: "HN-PASC-B02" });
  await register(hub, officer, registerInput(freshParcel()));

  const readers = { citizen, clerk, staff, officer };
  const compared: Record<string, number> = {};
  for (const [reader, token] of Object.entries(readers)) {
    for (const [field, selection] of Object.entries(SELECTIONS)) {
      const pages = await ok(
        hub.url,
        `{ dossiers(first: 50) { nodes { id ${selection} } } securityRegistrations(first: 50) { nodes { dossier { id ${selection} } } } }`,
        {},
        token,
      ).catch((error: Error) => (reader === "citizen" || reader === "clerk" ? readableWithoutRegistrations(selection, token) : Promise.reject(error)));
      const rows = [...pages.dossiers.nodes, ...(pages.securityRegistrations?.nodes ?? []).map((node: { dossier: unknown }) => node.dossier)];
      for (const row of rows as Array<{ id: string }>) {
        const whole = await ok(hub.url, `query($id: ID!) { node(id: $id) { ... on Dossier { id ${selection} } } }`, { id: row.id }, token);
        expect({ reader, field, row }).toEqual({ reader, field, row: whole.node });
        if (field === "id") compared[reader] = (compared[reader] ?? 0) + 1;
      }
    }
  }
  // Rows compared per field: the citizen's 2; the clerk's branch's 2 (the bank's dossier is lodged there too);
  // staff all 3 and the registration's; the bank its dossier, as a dossier and as its registration's.
  expect(compared).toEqual({ citizen: 2, clerk: 2, staff: 4, officer: 2 });
});

/** Citizens and clerks may not list registrations: their page of dossiers alone. */
function readableWithoutRegistrations(selection: string, token: string) {
  return ok(hub.url, `{ dossiers(first: 50) { nodes { id ${selection} } } }`, {}, token);
}

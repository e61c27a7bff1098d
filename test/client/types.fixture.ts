/**
 * Compile-time proof that the client's types bite (checked by `npm run typecheck` and by
 * types.test.ts): each `@ts-expect-error` line must be an error, or tsc fails on it. Never run.
 */
import { parse } from "graphql";
import {
  createHubClient,
  DossierEventsDocument,
  LandParcelDocument,
  RegisterSecurityDocument,
  ViewerDocument,
  type RegisterSecurityInput,
} from "../../clients/typescript/src/index.js";

declare const input: RegisterSecurityInput;

export async function typesBite(): Promise<void> {
  const hub = createHubClient({ url: "http://localhost:4000/graphql", token: "token" });

  const { landParcel } = await hub.request(LandParcelDocument, { certificateSerial: "CT 441141" });
  const area: number | undefined = landParcel?.areaM2;
  // @ts-expect-error a field the operation does not select
  landParcel?.mortgagors;
  // @ts-expect-error a variable of the wrong type
  await hub.request(LandParcelDocument, { certificateSerial: 441141 });
  // @ts-expect-error a required variable left out
  await hub.request(LandParcelDocument, {});
  // @ts-expect-error a variable the operation does not declare
  await hub.request(ViewerDocument, { certificateSerial: "CT 441141" });

  // The idempotency key may be left out (the client makes one), but not mistyped.
  const { registerSecurity } = await hub.request(RegisterSecurityDocument, { input });
  // @ts-expect-error an idempotency key must be a string
  await hub.request(RegisterSecurityDocument, { input, idempotencyKey: 42 });
  // @ts-expect-error an enum value the contract does not have
  const pending: boolean = registerSecurity.status === "PENDING";

  for await (const event of hub.subscribe(DossierEventsDocument, { dossierId: "RG9zc2llcjox", afterSequence: 0 })) {
    const sequence: number = event.dossierEvents.sequence;
    // @ts-expect-error events carry the operation's fields only
    event.dossierEvents.applicant;
    // @ts-expect-error a field's type is kept: sequence is a number
    const asText: string = event.dossierEvents.sequence;
    void [sequence, asText];
  }
  // A document of one's own from parse(), typed by hand; untyped, its data is unknown.
  const { branches } = await hub.request<{ branches: Array<{ code: string }> }>(parse("{ branches { code } }"));
  const untyped = await hub.request(parse("{ branches { code } }"));
  // @ts-expect-error an untyped document's data must be narrowed before use
  untyped.branches;
  void [area, pending, branches];
}

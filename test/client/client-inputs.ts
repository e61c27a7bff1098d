/**
 * The hub's test factories' inputs, typed as the client package's generated input types, so the
 * client tests compile under `strict` against the contract.
 */
import type {
  AttachedAssetKind,
  HubClient,
  RegisterSecurityInput,
  SecurityRegistrationQuery,
  SubmitDossierInput,
} from "../../clients/typescript/src/index.js";
import { SecurityRegistrationDocument } from "../../clients/typescript/src/index.js";
import type { LandBookParcel } from "../../src/integrations/land-registry/types.js";
import { submitInput } from "../support/dossier-factory.js";
import { registerInput } from "../registration/registration-factory.js";

export function registrationInput(parcel: LandBookParcel): RegisterSecurityInput {
  const input = registerInput(parcel);
  return {
    ...input,
    mortgagors: parcel.landUsers.map(({ kind, fullName, idNumber, address }) => ({ kind, fullName, idNumber, address })),
    attachedAssets: parcel.attachedAssets.map(({ kind, description, certificateSerial }) => ({
      kind: kind as AttachedAssetKind,
      description,
      certificateSerial,
    })),
    resultDelivery: "ELECTRONIC",
  } as RegisterSecurityInput;
}

export function dossierInput(overrides: Partial<SubmitDossierInput> = {}): SubmitDossierInput {
  return { ...(submitInput() as SubmitDossierInput), ...overrides };
}

type Registration = NonNullable<SecurityRegistrationQuery["securityRegistration"]>;
const decidedStatuses = new Set(["REGISTERED", "REJECTED", "SUPPLEMENT_REQUESTED", "DEREGISTERED"]);

/** Reads the registration through the client until the registry has decided it. */
export async function decided(client: HubClient, id: string, timeoutMs = 15_000): Promise<Registration> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { securityRegistration } = await client.request(SecurityRegistrationDocument, { id });
    if (securityRegistration && decidedStatuses.has(securityRegistration.status)) return securityRegistration;
    if (Date.now() > deadline) throw new Error(`registration ${id} stayed ${securityRegistration?.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

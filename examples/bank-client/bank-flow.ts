/**
 * A bank's integration with the hub through @hanoi-hub/client: look up a parcel, register a
 * mortgage over it (the client makes the idempotency key and reuses it on retries), follow it by
 * subscription until the land registry decides, and optionally release it again.
 */
import {
  DeregisterSecurityDocument,
  LandParcelDocument,
  RegisterSecurityDocument,
  SecurityRegistrationDocument,
  SecurityRegistrationUpdatedDocument,
  ViewerDocument,
  type HubClient,
  type HubSubscription,
  type PartyInput,
  type SecurityRegistrationUpdatedSubscription,
} from "@hanoi-hub/client";

export interface BankFlowOptions {
  certificateSerial: string;
  mortgagor: PartyInput;
  release: boolean;
  /** How long to wait on the subscription before reading the registration again. Default 5 s. */
  lookAgainMs?: number;
  log?: (line: string) => void;
}

/** What the bank needs of a registration's decision; subscription events and reads both carry it. */
export interface Decision {
  id: string;
  status: string;
  registrationNumber: string | null;
  priorityRank: number | null;
  rejectionReason: string | null;
}

export interface BankFlowResult {
  registered: Decision;
  released?: Decision;
}

const decidedStatuses = new Set(["REGISTERED", "REJECTED", "SUPPLEMENT_REQUESTED", "DEREGISTERED"]);

export async function runBankFlow(hub: HubClient, options: BankFlowOptions): Promise<BankFlowResult> {
  const log = options.log ?? console.log;
  const { viewer } = await hub.request(ViewerDocument);
  log(`Bank: ${viewer.organization?.code}`);

  const { landParcel } = await hub.request(LandParcelDocument, { certificateSerial: options.certificateSerial });
  if (!landParcel) throw new Error(`The land registry has no parcel ${options.certificateSerial}`);
  log(`Parcel ${landParcel.certificateSerial}: ${landParcel.address}, ${landParcel.encumbrances.length} security(ies) registered`);
  const { encumbrances: _encumbrances, ...parcel } = landParcel;

  // Subscribe before registering: every change to the bank's registrations from now on waits in
  // order in `updates`, including a decision that beats the mutation's answer.
  const updates = hub.subscribe(SecurityRegistrationUpdatedDocument);
  try {
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10); // Asia/Ho_Chi_Minh
    // No idempotencyKey: the client makes one and sends the same one on every retry of this call.
    const { registerSecurity } = await hub.request(RegisterSecurityDocument, {
      input: {
        mortgagors: [options.mortgagor],
        parcels: [parcel],
        obligation: { contractNumber: `HDTD-${today}`, contractDate: today, amount: "1500000000", currency: "VND" },
        securityContractNumber: `HDTC-${today}`,
        securityContractDate: today,
        resultDelivery: "ELECTRONIC",
      },
    });
    log(`Lodged: dossier ${registerSecurity.dossier.code}, status ${registerSecurity.status}`);
    const registered = await untilDecided(hub, updates, registerSecurity.id, options, log);
    if (registered.status !== "REGISTERED") {
      log(`Not registered: ${registered.status} — ${registered.rejectionReason}`);
      return { registered };
    }
    log(`Registered as ${registered.registrationNumber}, priority rank ${registered.priorityRank}`);
    if (!options.release) return { registered };

    const { deregisterSecurity } = await hub.request(DeregisterSecurityDocument, { id: registered.id, reason: "Loan repaid" });
    const released = await untilDecided(hub, updates, deregisterSecurity.id, options, log);
    log(`Release ${released.status}${released.registrationNumber ? ` as ${released.registrationNumber}` : ""}`);
    return { registered, released };
  } finally {
    await updates.close();
  }
}

/**
 * The registration once decided. Messages are "look again", not diffs; and a subscription may have
 * missed a change made before the hub had it set up, so the registration is also read once at the
 * start and again whenever the subscription has been quiet for a while.
 */
async function untilDecided(
  hub: HubClient,
  updates: HubSubscription<SecurityRegistrationUpdatedSubscription>,
  id: string,
  options: BankFlowOptions,
  log: (line: string) => void,
): Promise<Decision> {
  const lookAgainMs = options.lookAgainMs ?? 5_000;
  const read = async () => (await hub.request(SecurityRegistrationDocument, { id })).securityRegistration;
  let latest: Decision | null = await read();
  let pending = updates.next();
  while (!latest || !decidedStatuses.has(latest.status)) {
    const quiet = new Promise<"quiet">((resolve) => setTimeout(resolve, lookAgainMs, "quiet"));
    const next = await Promise.race([pending, quiet]);
    if (next === "quiet") {
      latest = await read();
      continue;
    }
    if (next.done) throw new Error("The subscription ended before the registry decided");
    pending = updates.next();
    const update = next.value.securityRegistrationUpdated;
    if (update.id !== id) continue; // another of the bank's registrations
    log(`  update: ${update.status}${update.registrationNumber ? ` ${update.registrationNumber}` : ""}`);
    latest = update;
  }
  return latest;
}

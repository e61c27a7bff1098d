/**
 * What the land registry's answers do to the hub (SPEC §3): the registration's status and events,
 * the SR dossier's moves as SYSTEM, and the effect on the subject of a follow-up. Applied in the
 * caller's transaction, and idempotent: a decision that was already applied changes nothing, so
 * two instances delivering the same row (after a lease ran out) cannot apply it twice.
 */
import type { Executor } from "../../db/client.js";
import { lockDossier } from "../../db/queries/dossier.js";
import { lockRegistration, type RegistrationRow } from "../../db/queries/registration.js";
import type { RegistryDecision } from "../../integrations/land-registry/types.js";
import type { Actor, DossierLedger } from "../dossier/dossier-ledger.js";
import type { DossierService } from "../dossier/dossier.service.js";
import type { CatalogSnapshot } from "../partner/catalog.js";
import { canMove, type DossierStatus } from "../dossier/dossier.transitions.js";
import { contentColumns, contentOf } from "./registration-content.js";
import type { RegistrationLedger } from "./registration-ledger.js";

export type DeliveryOutcome =
  /** The registry answered (200 with a decision, or 202 RECEIVED: it has the request). */
  | { type: "decision"; decision: RegistryDecision }
  /** The registry refused the request for good (a 4xx), with its reason. */
  | { type: "refused"; reason: string };

/** The hub acting for the land registry on the dossier's timeline. */
const LAND_REGISTRY_ACTOR: Actor = { subject: "land-registry", role: "SYSTEM" };

interface DossierStep {
  to: DossierStatus;
  note?: string;
}

const processing: DossierStep[] = [{ to: "RECEIVED" }, { to: "IN_PROCESSING", note: "Forwarded to the land registry" }];

export class RegistryOutcomes {
  constructor(
    private readonly deps: {
      dossiers: DossierService;
      dossierLedger: DossierLedger;
      ledger: RegistrationLedger;
      now: () => Date;
    },
  ) {}

  /** `catalog`: read before the caller's transaction opened (receipt needs the working calendar). */
  /** Returns whether the outcome changed anything (false when it was applied before). */
  async apply(tx: Executor, registrationId: string, outcome: DeliveryOutcome, catalog: CatalogSnapshot): Promise<boolean> {
    let registration = await lockRegistration(tx, registrationId);
    if (!registration || (registration.status !== "SUBMITTED" && registration.status !== "FORWARDED")) return false;
    const at = this.deps.now();
    const { ledger } = this.deps;

    if (outcome.type === "refused") {
      const reason = outcome.reason;
      await ledger.move(tx, registration, "REJECTED", { at, note: `Refused by the land registry: ${reason}`, patch: { rejectionReason: reason } });
      await this.followDossier(tx, catalog, registration.dossierId, [...processing, { to: "REJECTED", note: reason }, { to: "RESULT_READY" }], at);
      return true;
    }

    const { decision } = outcome;
    if (registration.status === "SUBMITTED") {
      registration = await ledger.move(tx, registration, "FORWARDED", {
        at,
        note: `Received by the land registry as ${decision.registryReference}`,
        patch: { registryReference: decision.registryReference },
      });
      await this.followDossier(tx, catalog, registration.dossierId, processing, at);
    }

    switch (decision.status) {
      case "RECEIVED":
        return true;
      case "REGISTERED": {
        const note = `Registered as ${decision.registrationNumber} at ${decision.registeredAt}`;
        registration = await ledger.move(tx, registration, "REGISTERED", {
          at,
          note,
          patch: { registrationNumber: decision.registrationNumber, registeredAt: new Date(decision.registeredAt) },
        });
        await this.followDossier(tx, catalog, registration.dossierId, [...processing, { to: "APPROVED", note }, { to: "RESULT_READY" }], at);
        await this.actOnSubject(tx, registration, at);
        return true;
      }
      case "REJECTED":
        await ledger.move(tx, registration, "REJECTED", { at, note: decision.reason, patch: { rejectionReason: decision.reason } });
        await this.followDossier(tx, catalog, registration.dossierId, [...processing, { to: "REJECTED", note: decision.reason }, { to: "RESULT_READY" }], at);
        return true;
      case "SUPPLEMENT_REQUESTED":
        await ledger.move(tx, registration, "SUPPLEMENT_REQUESTED", { at, note: decision.reason, patch: { rejectionReason: decision.reason } });
        await this.followDossier(tx, catalog, registration.dossierId, [...processing, { to: "SUPPLEMENT_REQUESTED", note: decision.reason }], at);
        return true;
    }
  }

  /**
   * Moves the dossier along `steps` as far as its state machine allows, skipping steps it has
   * passed (center staff may have received it already) and stopping nowhere it cannot go
   * (a withdrawn dossier stays withdrawn; the registration still records the registry's word).
   */
  private async followDossier(tx: Executor, catalog: CatalogSnapshot, dossierId: string, steps: DossierStep[], at: Date): Promise<void> {
    let dossier = (await lockDossier(tx, dossierId))!;
    for (const step of steps) {
      if (dossier.status === step.to || !canMove(dossier.status, step.to)) continue;
      dossier =
        step.to === "RECEIVED"
          ? await this.deps.dossiers.receiveLocked(tx, dossier, null, LAND_REGISTRY_ACTOR, catalog)
          : await this.deps.dossierLedger.move(tx, dossier, step.to, LAND_REGISTRY_ACTOR, { at, note: step.note ?? null });
    }
  }

  /** A registered follow-up changes its subject: released, amended, or noted for enforcement. */
  private async actOnSubject(tx: Executor, registration: RegistrationRow, at: Date): Promise<void> {
    if (!registration.subjectId) return;
    const subject = await lockRegistration(tx, registration.subjectId);
    if (!subject || subject.status !== "REGISTERED") return;
    const by = `registration ${registration.registrationNumber}`;
    switch (registration.kind) {
      case "DEREGISTRATION":
        await this.deps.ledger.move(tx, subject, "DEREGISTERED", { at, note: `Released by ${by}: ${registration.note ?? ""}`.trim() });
        return;
      case "AMENDMENT":
      case "ERROR_CORRECTION":
        // The subject shows the security as it now stands; the follow-up keeps the record of the change.
        await this.deps.ledger.move(tx, subject, "REGISTERED", {
          at,
          note: `${registration.kind === "AMENDMENT" ? "Amended" : "Corrected"} by ${by}: ${registration.note ?? ""}`.trim(),
          patch: contentColumns(contentOf(registration)),
        });
        return;
      case "ENFORCEMENT_NOTICE":
        await this.deps.ledger.move(tx, subject, "REGISTERED", { at, note: `Enforcement notice ${by}: ${registration.note ?? ""}`.trim() });
        return;
      case "INITIAL":
        return;
    }
  }
}

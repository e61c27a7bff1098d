/**
 * The five bank mutations of SPEC §3. Each runs in one transaction: the bank's idempotency key
 * first, then the SR-0x dossier (through the DossierLedger), the registration record with its
 * first event, the outbox row for the land registry and the relay notifications. Nothing reaches
 * the registry here: the outbox worker delivers after the commit, so a crash loses nothing.
 */
import type { Caller } from "../../auth/caller.js";
import type { Database, Executor } from "../../db/client.js";
import { findDossier } from "../../db/queries/dossier.js";
import type { OrganizationRow } from "../../db/queries/partner.js";
import {
  attachIdempotencyKey,
  claimIdempotencyKey,
  findIdempotencyKey,
  findPendingFollowUp,
  findRegistration,
  lockRegistration,
  type RegistrationKindName,
  type RegistrationRow,
} from "../../db/queries/registration.js";
import { insertOutbox } from "../../db/queries/registration-outbox.js";
import type { DossierLedger } from "../dossier/dossier-ledger.js";
import { toHanoiLocal } from "../partner/working-calendar.js";
import type { AuditLog } from "../audit/audit-log.js";
import { conflict, idempotencyKeyReused, notFound } from "../../errors.js";
import type { Catalog } from "../partner/catalog.js";
import * as v from "../validation.js";
import { registryIdempotencyKey, requestHash, type LodgingMutation } from "./idempotency.js";
import { contentColumns, contentOf, procedureCodeFor, registryRequest } from "./registration-content.js";
import type { RegistrationLedger } from "./registration-ledger.js";
import { lodgingBank } from "./registration.policy.js";
import {
  idempotencyKey,
  validateAmendment,
  validateRegistration,
  type AmendmentRequest,
  type DossierChoices,
  type RegistrationRequest,
  type RegistrationContent,
} from "./registration.validation.js";

export interface RegistrationLodgingDeps {
  db: Database;
  audit: AuditLog;
  catalog: Catalog;
  dossierLedger: DossierLedger;
  ledger: RegistrationLedger;
  now: () => Date;
}

/** What a mutation lodges, worked out inside the transaction (follow-ups lock their subject). */
interface Lodging {
  subject: RegistrationRow | null;
  content: RegistrationContent;
  dossier: DossierChoices;
  note: string | null;
}

type Changes = Partial<Pick<RegistrationContent, "mortgagors" | "attachedAssets" | "obligation">> & { note: string };

export class RegistrationLodgingService {
  /** Called after a lodging commits, so this instance's worker delivers at once. */
  private readonly lodgedListeners: Array<() => void> = [];

  constructor(private readonly deps: RegistrationLodgingDeps) {}

  onLodged(listener: () => void): void {
    this.lodgedListeners.push(listener);
  }

  async register(caller: Caller, input: RegistrationRequest, key: string): Promise<RegistrationRow> {
    const bank = lodgingBank(caller);
    const { content, dossier } = validateRegistration(input, this.today(), await this.deps.catalog.get());
    const hash = requestHash("registerSecurity", null, input);
    return this.lodge(caller, "registerSecurity", bank, idempotencyKey(key), hash, "INITIAL", async () => ({
      subject: null,
      content,
      dossier,
      note: null,
    }));
  }

  amend(caller: Caller, subjectId: string, input: AmendmentRequest, key: string) {
    return this.followUp(caller, "amendSecurityRegistration", "AMENDMENT", subjectId, input, key, validateAmendment(input, this.today()));
  }

  correct(caller: Caller, subjectId: string, input: AmendmentRequest, key: string) {
    return this.followUp(caller, "correctSecurityRegistration", "ERROR_CORRECTION", subjectId, input, key, validateAmendment(input, this.today()));
  }

  deregister(caller: Caller, subjectId: string, reason: string, key: string) {
    const note = v.text("reason", reason, { max: 2000 });
    return this.followUp(caller, "deregisterSecurity", "DEREGISTRATION", subjectId, { reason }, key, { note });
  }

  enforce(caller: Caller, subjectId: string, note: string, key: string) {
    const text = v.text("note", note, { max: 2000 });
    return this.followUp(caller, "registerEnforcementNotice", "ENFORCEMENT_NOTICE", subjectId, { note }, key, { note: text });
  }

  /**
   * SR-02 … SR-05: a new record acting on a REGISTERED initial registration of the same bank, which
   * has no other follow-up still waiting for the registry.
   */
  private followUp(
    caller: Caller,
    mutation: LodgingMutation,
    kind: RegistrationKindName,
    subjectId: string,
    args: unknown,
    key: string,
    changes: Changes,
  ): Promise<RegistrationRow> {
    const bank = lodgingBank(caller);
    const hash = requestHash(mutation, subjectId, args);
    return this.lodge(caller, mutation, bank, idempotencyKey(key), hash, kind, async (tx) => {
      const subject = await lockRegistration(tx, subjectId);
      if (!subject || subject.mortgageeOrgId !== bank.id) throw notFound("Security registration");
      if (subject.kind !== "INITIAL") {
        throw conflict("Amendments, corrections, releases and enforcement notices act on the initial registration");
      }
      if (subject.status !== "REGISTERED") throw conflict(`The registration is ${subject.status}, not REGISTERED`);
      // The outbox delivers in parallel, so two follow-ups in flight could reach the registry (and
      // change the subject) in either order, or a release could overtake an amendment: one at a time.
      const pending = await findPendingFollowUp(tx, subject.id);
      if (pending) {
        throw conflict(`An earlier ${pending.kind} of this registration is ${pending.status}; lodge this one once the land registry has decided it`);
      }
      const subjectDossier = (await findDossier(tx, { id: subject.dossierId }))!;
      const { note, ...content } = changes;
      return {
        subject,
        content: { ...contentOf(subject), ...content },
        dossier: {
          branchId: subjectDossier.branchId,
          resultDelivery: subjectDossier.resultDelivery,
          deliveryAddress: subjectDossier.deliveryAddress,
        },
        note,
      };
    });
  }

  private async lodge(
    caller: Caller,
    mutation: LodgingMutation,
    bank: OrganizationRow,
    key: string,
    hash: string,
    kind: RegistrationKindName,
    prepare: (tx: Executor) => Promise<Lodging>,
  ): Promise<RegistrationRow> {
    const at = this.deps.now();
    const procedure = (await this.deps.catalog.get()).proceduresByCode.get(procedureCodeFor[kind])!;
    const outcome = await this.deps.db.transaction(async (tx) => {
      // First, so a racing repeat of this request waits here for this transaction to end.
      if (!(await claimIdempotencyKey(tx, { orgId: bank.id, key, requestHash: hash }))) {
        const registration = await this.replay(tx, bank.id, key, hash);
        await this.deps.audit.record(tx, { action: mutation, entity: "securityRegistration", entityId: registration.id });
        return { registration, created: false };
      }
      const lodging = await prepare(tx);
      const applicant = lodging.content.mortgagors[0]!;
      const dossier = await this.deps.dossierLedger.open(
        tx,
        {
          procedureId: procedure.id,
          channel: "ONLINE",
          branchId: lodging.dossier.branchId,
          applicantSubject: null,
          applicantFullName: applicant.fullName,
          applicantIdNumber: applicant.idNumber,
          // Parties carry no phone: the bank follows the dossier for its customer.
          applicantPhone: "",
          applicantAddress: applicant.address,
          submittedBySubject: caller.subject,
          submittedByRole: "BANK_OFFICER",
          submittedByOrgId: bank.id,
          resultDelivery: lodging.dossier.resultDelivery,
          deliveryAddress: lodging.dossier.deliveryAddress,
        },
        { subject: caller.subject, role: "BANK_OFFICER" },
        { at, note: `Lodged online by ${bank.code}` },
      );
      const registration = await this.deps.ledger.open(
        tx,
        {
          kind,
          dossierId: dossier.id,
          mortgageeOrgId: bank.id,
          subjectId: lodging.subject?.id ?? null,
          note: lodging.note,
          ...contentColumns(lodging.content),
        },
        { at, note: `Lodged with dossier ${dossier.code}; waiting to be forwarded to the land registry` },
      );
      await insertOutbox(tx, {
        registrationId: registration.id,
        idempotencyKey: registryIdempotencyKey(registration.id),
        request: registryRequest({
          kind,
          bank,
          subjectRegistrationNumber: lodging.subject?.registrationNumber ?? null,
          content: lodging.content,
          hubReference: dossier.code,
          note: lodging.note,
        }),
      });
      await attachIdempotencyKey(tx, bank.id, key, registration.id);
      await this.deps.audit.record(tx, { action: mutation, entity: "securityRegistration", entityId: registration.id });
      return { registration, created: true };
    });
    if (outcome.created) this.lodgedListeners.forEach((listener) => listener());
    return outcome.registration;
  }

  /** The key was used before (and that request has committed): the same request gets the same registration. */
  private async replay(tx: Executor, orgId: string, key: string, hash: string): Promise<RegistrationRow> {
    const stored = await findIdempotencyKey(tx, orgId, key);
    if (stored && stored.requestHash !== hash) throw idempotencyKeyReused();
    const registration = stored?.registrationId ? await findRegistration(tx, stored.registrationId) : undefined;
    if (!registration) throw conflict("This idempotency key's first request has not finished; retry in a moment");
    return registration;
  }

  private today(): string {
    return toHanoiLocal(this.deps.now()).day;
  }
}

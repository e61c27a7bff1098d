/**
 * The one way anything is written to the audit trail (issue 11): accepted changes in the
 * transaction that makes them, refusals and reads on their own. The actor and request id come
 * from the request scope (src/request-scope.ts); the hub's own work (workers, partner callbacks)
 * has none and is recorded without an actor.
 */
import { sendNotifications, type Database, type Executor } from "../../db/client.js";
import {
  appendAuditEntries,
  countAuditEntries,
  listAuditEntries,
  type AuditEntryRow,
  type AuditFilter,
  type NewAuditEntry,
} from "../../db/queries/audit.js";
import { GroupCommit } from "../../db/group-commit.js";
import { currentRequestScope, type RequestScope } from "../../request-scope.js";
import { badInput } from "../../errors.js";
import { pageSize, withoutNul } from "../validation.js";

/** The kinds of record the trail names (`AuditEntry.entity`). */
export type AuditEntity =
  | "dossier"
  | "securityRegistration"
  | "consultBooking"
  | "consultSlot"
  | "delivery"
  | "document"
  | "lawyer"
  | "webhookEndpoint"
  | "webhookDelivery"
  | "token"
  | "operation";

/** The entity of each global id type (`node(id)` kinds). */
export const entityOfNodeType: Partial<Record<string, AuditEntity>> = {
  Dossier: "dossier",
  SecurityRegistration: "securityRegistration",
  ConsultBooking: "consultBooking",
  ConsultSlot: "consultSlot",
  Document: "document",
  Lawyer: "lawyer",
  WebhookEndpoint: "webhookEndpoint",
  WebhookDelivery: "webhookDelivery",
};

/** What each mutation acts on, for an entry that has no id to name it by (a refused creation, say). */
export const mutationEntities: Partial<Record<string, AuditEntity>> = {
  submitDossier: "dossier",
  receiveDossier: "dossier",
  transitionDossier: "dossier",
  withdrawDossier: "dossier",
  rescheduleDossier: "dossier",
  rateService: "dossier",
  registerSecurity: "securityRegistration",
  amendSecurityRegistration: "securityRegistration",
  deregisterSecurity: "securityRegistration",
  correctSecurityRegistration: "securityRegistration",
  registerEnforcementNotice: "securityRegistration",
  publishConsultSlots: "consultSlot",
  bookConsultSlot: "consultBooking",
  requestConsult: "consultBooking",
  takeConsultRequest: "consultBooking",
  cancelConsultBooking: "consultBooking",
  completeConsultBooking: "consultBooking",
  markConsultNoShow: "consultBooking",
  createDocumentUpload: "document",
  dispatchResult: "delivery",
  createWebhookEndpoint: "webhookEndpoint",
  updateWebhookEndpoint: "webhookEndpoint",
  rotateWebhookSecret: "webhookEndpoint",
  deleteWebhookEndpoint: "webhookEndpoint",
  sendTestWebhook: "webhookEndpoint",
  redeliverWebhook: "webhookDelivery",
};

export interface AuditEvent {
  /** The mutation's name, `personalData.read`, `access.denied`, or a partner's (`post.webhook`, `landRegistry.registered`). */
  action: string;
  entity: AuditEntity;
  entityId?: string | null;
  /** OK, or the SPEC §6 code the action was refused with. */
  outcome?: string;
}

export class AuditLog {
  /** Entries outside any transaction, appended together with those of concurrent requests (one head lock per batch). */
  private readonly appends: GroupCommit<NewAuditEntry[], void>;

  constructor(private readonly db: Database) {
    this.appends = new GroupCommit<NewAuditEntry[], void>(async (batches) => {
      await appendAuditEntries(db, batches.flat());
      return batches.map(() => undefined);
    });
  }

  /**
   * An accepted change, in `tx`, the transaction that makes it. Call it last: the chain's head
   * stays locked until the transaction ends, so nothing may wait on another lock after it.
   */
  async record(tx: Executor, event: AuditEvent): Promise<void> {
    // The transaction's notifications go in the same round trip, just before the head is locked.
    await Promise.all([sendNotifications(tx), appendAuditEntries(tx, [entryOf(event)])]);
    currentRequestScope()?.audited?.add(event.action);
  }

  /**
   * Entries that are no change of their own (reads, refusals), outside any transaction, in one
   * statement with those of the requests recording at the same moment; returns once they are
   * committed. `scope`: the operation's, where the caller holds it (a subscription's events run
   * outside it).
   */
  async recordAll(events: AuditEvent[], scope: RequestScope | undefined = currentRequestScope()): Promise<void> {
    if (events.length === 0) return;
    await this.appends.submit(events.map((event) => entryOf(event, scope)));
  }

  /** `auditTrail`: oldest first, after a cursor (the last sequence seen); one record's entries with a filter. */
  async page(filter: AuditFilter, first: number | null | undefined, after: string | null | undefined) {
    const size = pageSize(first);
    // The filter is free text (an entity name, an id the trail may hold in any form): only a NUL cannot be looked up.
    if (filter.entity !== undefined) withoutNul("entity", filter.entity);
    if (filter.entityId !== undefined) withoutNul("entityId", filter.entityId);
    const rows = await listAuditEntries(this.db, filter, { afterSequence: decodeSequence(after), limit: size + 1 });
    const nodes = rows.slice(0, size);
    return {
      nodes,
      pageInfo: { hasNextPage: rows.length > size, endCursor: nodes.length > 0 ? encodeSequence(nodes.at(-1)!) : null },
      totalCount: await countAuditEntries(this.db, filter),
    };
  }
}

const encodeSequence = (entry: AuditEntryRow) => Buffer.from(`audit:${entry.sequence}`).toString("base64url");

function decodeSequence(cursor: string | null | undefined): number | undefined {
  if (!cursor) return undefined;
  const match = /^audit:(\d{1,15})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match) throw badInput("after", "after is not a cursor this API gave out");
  return Number(match[1]);
}

function entryOf(event: AuditEvent, scope: RequestScope | undefined = currentRequestScope()): NewAuditEntry {
  return {
    actorSubject: scope?.actor?.subject ?? null,
    actorRoles: scope?.actor?.roles ?? [],
    organizationCode: scope?.actor?.organizationCode ?? null,
    action: event.action,
    entity: event.entity,
    entityId: event.entityId ?? null,
    requestId: scope?.requestId ?? null,
    outcome: event.outcome ?? "OK",
  };
}

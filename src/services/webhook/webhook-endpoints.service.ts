/**
 * Webhook endpoints as partners manage them (SPEC §8): a PARTNER_APP its own organization's, ADMIN
 * any organization's; nobody else sees one (a foreign id is NOT_FOUND, and null from `node`). At
 * most 10 per organization, subscribed only to what the organization's kind may receive. Each
 * change is in the audit trail, in its transaction. With webhooks off (production without
 * WEBHOOK_SECRETS_KEY) every change is FORBIDDEN, saying why, and the list is empty.
 */
import { hasRole, type Caller } from "../../auth/caller.js";
import type { OrganizationRow } from "../../db/queries/partner.js";
import type { Database, Executor } from "../../db/client.js";
import {
  countDeliveries,
  countEndpointsLocked,
  deleteEndpoint,
  failPendingDeliveries,
  findDelivery,
  findEndpoint,
  insertDeliveries,
  insertEndpoint,
  listDeliveries,
  listEndpoints,
  lockEndpoint,
  updateEndpoint,
  type WebhookDeliveryRow,
  type WebhookDeliveryStatusName,
  type WebhookEndpointRow,
  type WebhookEventTypeName,
} from "../../db/queries/webhook.js";
import { badInput, conflict, forbidden, notFound } from "../../errors.js";
import { encodeGlobalId } from "../../global-id.js";
import type { EventRelay } from "../../realtime/relay.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { Catalog } from "../partner/catalog.js";
import { optionalText, pageSize } from "../validation.js";
import { mayReceive, TEST_MESSAGE_TYPE } from "./webhook-events.js";
import { newMessageId, WEBHOOK_DELIVERY_TOPIC } from "./webhook-outbox.js";
import { makeSigningSecret, type SecretBox } from "./webhook-secrets.js";
import { checkEndpointUrl, type TargetRules } from "./webhook-targets.js";

const MAX_ENDPOINTS_PER_ORGANIZATION = 10;
/** How long the secret before a rotation still signs (second), SPEC §8. */
const ROTATION_OVERLAP_MS = 24 * 3_600_000;
const WEBHOOKS_OFF = "Webhooks are off on this hub: it has no WEBHOOK_SECRETS_KEY to keep signing secrets with";

export interface EndpointInput {
  url: string;
  events: WebhookEventTypeName[];
  description?: string | null;
  organizationCode?: string | null;
}

export interface EndpointPatch {
  url?: string | null;
  events?: WebhookEventTypeName[] | null;
  description?: string | null;
  enabled?: boolean | null;
}

export class WebhookEndpointsService {
  constructor(
    private readonly deps: {
      db: Database;
      audit: AuditLog;
      catalog: Catalog;
      relay: EventRelay;
      /** Null while webhooks are off. */
      secrets: SecretBox | null;
      rules: TargetRules;
      now: () => Date;
      /** This instance's worker sends a new delivery at once (others hear of it through the relay). */
      onDeliveryAdded: () => void;
    },
  ) {}

  /** `webhookEndpoints`: a PARTNER_APP's own; ADMIN's every organization's, or one's. */
  async list(caller: Caller, organizationCode: string | null | undefined): Promise<WebhookEndpointRow[]> {
    if (!this.deps.secrets) return [];
    if (hasRole(caller, "ADMIN")) {
      if (!organizationCode) return listEndpoints(this.deps.db, null);
      const organization = await this.organizationByCode(organizationCode);
      return organization ? listEndpoints(this.deps.db, organization.id) : [];
    }
    const own = this.ownOrganization(caller);
    if (!own || (organizationCode && organizationCode !== own.code)) return [];
    return listEndpoints(this.deps.db, own.id);
  }

  /** The endpoint when the caller manages it; null otherwise (`node`). */
  async get(caller: Caller, id: string): Promise<WebhookEndpointRow | null> {
    const endpoint = await findEndpoint(this.deps.db, id);
    return endpoint && this.manages(caller, endpoint) ? endpoint : null;
  }

  /** The delivery when the caller manages its endpoint; null otherwise (`node`). */
  async getDelivery(caller: Caller, id: string): Promise<WebhookDeliveryRow | null> {
    const delivery = await findDelivery(this.deps.db, id);
    return delivery && (await this.get(caller, delivery.endpointId)) ? delivery : null;
  }

  async create(caller: Caller, input: EndpointInput): Promise<{ endpoint: WebhookEndpointRow; secret: string }> {
    const secrets = this.assertOn();
    const organization = await this.targetOrganization(caller, input.organizationCode);
    const events = this.checkEvents(organization, input.events);
    const url = checkEndpointUrl(input.url, this.deps.rules);
    const description = optionalText("input.description", input.description, { max: 500 });
    const secret = makeSigningSecret();
    const endpoint = await this.deps.db.transaction(async (tx) => {
      if ((await countEndpointsLocked(tx, organization.id)) >= MAX_ENDPOINTS_PER_ORGANIZATION) {
        throw badInput("input", `An organization may have at most ${MAX_ENDPOINTS_PER_ORGANIZATION} webhook endpoints`);
      }
      const created = await insertEndpoint(tx, { organizationId: organization.id, url, description, events, secretSealed: secrets.seal(secret) });
      await this.audited(tx, "createWebhookEndpoint", created.id);
      return created;
    });
    return { endpoint, secret };
  }

  /** Turning it on clears `disabledReason`; turning it off ends its pending deliveries FAILED. */
  async update(caller: Caller, id: string, patch: EndpointPatch): Promise<WebhookEndpointRow> {
    this.assertOn();
    const found = await this.managed(caller, id);
    const organization = (await this.deps.catalog.organization(found.organizationId))!;
    const events = patch.events ? this.checkEvents(organization, patch.events) : undefined;
    const url = patch.url ? checkEndpointUrl(patch.url, this.deps.rules) : undefined;
    const description = patch.description === undefined ? undefined : optionalText("input.description", patch.description, { max: 500 });
    return this.deps.db.transaction(async (tx) => {
      const endpoint = await lockEndpoint(tx, id);
      if (!endpoint) throw notFound("Webhook endpoint");
      const enabled = patch.enabled ?? undefined;
      const updated = await updateEndpoint(tx, id, {
        ...(url ? { url } : {}),
        ...(events ? { events } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(enabled === true ? { enabled, disabledReason: null, failingSince: null } : {}),
        ...(enabled === false ? { enabled, disabledReason: null } : {}),
      });
      if (enabled === false) await failPendingDeliveries(tx, id, "endpoint disabled");
      await this.audited(tx, "updateWebhookEndpoint", id);
      return updated;
    });
  }

  /** A new secret; the one it replaces keeps signing, second, for 24 hours (a second rotation retires the oldest). */
  async rotate(caller: Caller, id: string): Promise<{ endpoint: WebhookEndpointRow; secret: string }> {
    const secrets = this.assertOn();
    await this.managed(caller, id);
    const secret = makeSigningSecret();
    const endpoint = await this.deps.db.transaction(async (tx) => {
      const current = await lockEndpoint(tx, id);
      if (!current) throw notFound("Webhook endpoint");
      const rotated = await updateEndpoint(tx, id, {
        secretSealed: secrets.seal(secret),
        previousSecretSealed: current.secretSealed,
        previousSecretUntil: new Date(this.deps.now().getTime() + ROTATION_OVERLAP_MS),
      });
      await this.audited(tx, "rotateWebhookSecret", id);
      return rotated;
    });
    return { endpoint, secret };
  }

  /** Removes the endpoint; its deliveries, pending ones included, go with it. */
  async delete(caller: Caller, id: string): Promise<boolean> {
    this.assertOn();
    await this.managed(caller, id);
    await this.deps.db.transaction(async (tx) => {
      await deleteEndpoint(tx, id);
      await this.audited(tx, "deleteWebhookEndpoint", id);
    });
    return true;
  }

  /** `webhook.test` through the same path as every message. */
  async sendTest(caller: Caller, endpointId: string): Promise<WebhookDeliveryRow> {
    this.assertOn();
    const endpoint = await this.managed(caller, endpointId);
    const at = this.deps.now();
    const body = JSON.stringify({ type: TEST_MESSAGE_TYPE, timestamp: at.toISOString(), data: { endpointId: encodeGlobalId("WebhookEndpoint", endpoint.id) } });
    return this.enqueue("sendTestWebhook", endpointId, { messageId: newMessageId(), type: TEST_MESSAGE_TYPE, body });
  }

  /** A new delivery of the same message: same `webhook-id` and body, whatever the old one's status. */
  async redeliver(caller: Caller, deliveryId: string): Promise<WebhookDeliveryRow> {
    this.assertOn();
    const delivery = await this.getDelivery(caller, deliveryId);
    if (!delivery) throw notFound("Webhook delivery");
    return this.enqueue("redeliverWebhook", delivery.endpointId, { messageId: delivery.messageId, type: delivery.type, body: delivery.body });
  }

  /** An endpoint's deliveries, newest first. */
  async deliveries(endpoint: WebhookEndpointRow, options: { status?: WebhookDeliveryStatusName | null; first?: number | null; after?: string | null }) {
    const size = pageSize(options.first);
    const status = options.status ?? undefined;
    const rows = await listDeliveries(this.deps.db, endpoint.id, { status, after: decodeCursor(options.after), limit: size + 1 });
    const nodes = rows.slice(0, size);
    return {
      nodes,
      pageInfo: { hasNextPage: rows.length > size, endCursor: nodes.length > 0 ? encodeCursor(nodes.at(-1)!) : null },
      totalCount: await countDeliveries(this.deps.db, endpoint.id, status),
    };
  }

  private async enqueue(action: string, endpointId: string, message: Pick<WebhookDeliveryRow, "messageId" | "type" | "body">): Promise<WebhookDeliveryRow> {
    const delivery = await this.deps.db.transaction(async (tx) => {
      const endpoint = await lockEndpoint(tx, endpointId);
      if (!endpoint) throw notFound("Webhook endpoint");
      if (!endpoint.enabled) throw conflict(`This endpoint is disabled${endpoint.disabledReason ? ` (${endpoint.disabledReason})` : ""}; turn it on first`);
      const [added] = await insertDeliveries(tx, [{ endpointId, ...message }]);
      await this.deps.relay.publish(tx, { topic: WEBHOOK_DELIVERY_TOPIC, data: {} });
      await this.audited(tx, action, endpointId);
      return added!;
    });
    this.deps.onDeliveryAdded();
    return delivery;
  }

  private assertOn(): SecretBox {
    if (!this.deps.secrets) throw forbidden(WEBHOOKS_OFF);
    return this.deps.secrets;
  }

  /** Last in its transaction: the trail's head stays locked until the commit. */
  private audited(tx: Executor, action: string, endpointId: string): Promise<void> {
    return this.deps.audit.record(tx, { action, entity: "webhookEndpoint", entityId: endpointId });
  }

  private manages(caller: Caller, endpoint: WebhookEndpointRow): boolean {
    if (hasRole(caller, "ADMIN")) return true;
    return hasRole(caller, "PARTNER_APP") && caller.organization?.id === endpoint.organizationId;
  }

  private async managed(caller: Caller, id: string): Promise<WebhookEndpointRow> {
    const endpoint = await this.get(caller, id);
    if (!endpoint) throw notFound("Webhook endpoint");
    return endpoint;
  }

  private ownOrganization(caller: Caller): OrganizationRow | null {
    return hasRole(caller, "PARTNER_APP") ? caller.organization : null;
  }

  /** ADMIN names the organization; a PARTNER_APP creates its own (naming another is refused). */
  private async targetOrganization(caller: Caller, organizationCode: string | null | undefined): Promise<OrganizationRow> {
    if (hasRole(caller, "ADMIN")) {
      if (!organizationCode) throw badInput("input.organizationCode", "organizationCode is required: ADMIN creates an endpoint for a named organization");
      const organization = await this.organizationByCode(organizationCode);
      if (!organization) throw badInput("input.organizationCode", `No organization has the code ${organizationCode.slice(0, 40)}`);
      return organization;
    }
    const own = this.ownOrganization(caller);
    if (!own) throw forbidden("Only a partner application or ADMIN manages webhook endpoints");
    if (organizationCode && organizationCode !== own.code) {
      throw badInput("input.organizationCode", "A partner application creates endpoints for its own organization only");
    }
    return own;
  }

  private async organizationByCode(code: string): Promise<OrganizationRow | null> {
    return (await this.deps.catalog.get()).organizationsByCode.get(code) ?? null;
  }

  private checkEvents(organization: OrganizationRow, events: readonly WebhookEventTypeName[]): WebhookEventTypeName[] {
    const unique = [...new Set(events)];
    if (unique.length === 0) throw badInput("input.events", "events must name at least one event type");
    const refused = unique.filter((type) => !mayReceive(organization.kind, type));
    if (refused.length > 0) {
      throw badInput("input.events", `A ${organization.kind.toLowerCase().replace(/_/g, " ")} may not receive ${refused.join(", ")}`);
    }
    return unique;
  }
}

const encodeCursor = (row: WebhookDeliveryRow) => Buffer.from(`delivery:${row.createdAt.toISOString()}|${row.id}`).toString("base64url");

function decodeCursor(cursor: string | null | undefined): { createdAt: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const match = /^delivery:(\d{4}-\d\d-\d\dT[\d:.]+Z)\|([0-9a-f-]{36})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match) throw badInput("after", "after is not a cursor this API gave out");
  return { createdAt: new Date(match[1]!), id: match[2]! };
}

import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Allow } from "../../auth/access.js";
import { idOf, toGlobalId } from "../../schema/node.js";
import { Organization } from "../../schema/partner/partner.type.js";
import { WebhookDeliveryStatusEnum } from "../../schema/webhook/webhook.enums.js";
import { CreateWebhookEndpointInput, UpdateWebhookEndpointInput } from "../../schema/webhook/webhook.input.js";
import { WebhookDelivery, WebhookDeliveryConnection, WebhookEndpoint, WebhookEndpointSecret } from "../../schema/webhook/webhook.type.js";
import type { WebhookDeliveryRow, WebhookEndpointRow } from "../../services/webhook/index.js";
import type { HubContext } from "../context.js";

@Resolver()
export class WebhookResolver {
  @Allow("PARTNER_APP", "ADMIN")
  @Query(() => [WebhookEndpoint], { description: "A PARTNER_APP's own organization's webhook endpoints; for ADMIN every organization's, or one organization's." })
  webhookEndpoints(@Arg("organizationCode", () => String, { nullable: true }) organizationCode: string | null, @Ctx() { caller, services }: HubContext) {
    return services.webhook.endpoints.list(caller!, organizationCode);
  }

  @Allow("PARTNER_APP", "ADMIN")
  @Mutation(() => WebhookEndpointSecret, { description: "PARTNER_APP (for its own organization) or ADMIN. The secret is in the answer, and only there." })
  createWebhookEndpoint(@Arg("input", () => CreateWebhookEndpointInput) input: CreateWebhookEndpointInput, @Ctx() { caller, services }: HubContext) {
    return services.webhook.endpoints.create(caller!, input);
  }

  @Allow("PARTNER_APP", "ADMIN")
  @Mutation(() => WebhookEndpoint, { description: "Change the url or events, or turn the endpoint on or off; turning it on clears disabledReason." })
  updateWebhookEndpoint(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateWebhookEndpointInput) input: UpdateWebhookEndpointInput,
    @Ctx() { caller, services }: HubContext,
  ) {
    return services.webhook.endpoints.update(caller!, idOf("WebhookEndpoint", id), input);
  }

  @Allow("PARTNER_APP", "ADMIN")
  @Mutation(() => WebhookEndpointSecret, { description: "A new secret; messages are signed with the old one as well (a second signature) for 24 hours." })
  rotateWebhookSecret(@Arg("id", () => ID) id: string, @Ctx() { caller, services }: HubContext) {
    return services.webhook.endpoints.rotate(caller!, idOf("WebhookEndpoint", id));
  }

  @Allow("PARTNER_APP", "ADMIN")
  @Mutation(() => Boolean, { description: "Removes the endpoint; messages still pending for it are dropped." })
  deleteWebhookEndpoint(@Arg("id", () => ID) id: string, @Ctx() { caller, services }: HubContext) {
    return services.webhook.endpoints.delete(caller!, idOf("WebhookEndpoint", id));
  }

  @Allow("PARTNER_APP", "ADMIN")
  @Mutation(() => WebhookDelivery, { description: "Sends a `webhook.test` message to the endpoint now, through the same path as every other message." })
  sendTestWebhook(@Arg("endpointId", () => ID) endpointId: string, @Ctx() { caller, services }: HubContext) {
    return services.webhook.endpoints.sendTest(caller!, idOf("WebhookEndpoint", endpointId, "endpointId"));
  }

  @Allow("PARTNER_APP", "ADMIN")
  @Mutation(() => WebhookDelivery, {
    description: "A new delivery of the same message (same messageId and body, a fresh timestamp and signature), whatever the old one's status.",
  })
  redeliverWebhook(@Arg("deliveryId", () => ID) deliveryId: string, @Ctx() { caller, services }: HubContext) {
    return services.webhook.endpoints.redeliver(caller!, idOf("WebhookDelivery", deliveryId, "deliveryId"));
  }
}

@Resolver(() => WebhookEndpoint)
export class WebhookEndpointFieldsResolver {
  @FieldResolver(() => ID)
  id(@Root() endpoint: WebhookEndpointRow) {
    return toGlobalId("WebhookEndpoint", endpoint.id);
  }

  @FieldResolver(() => Organization)
  organization(@Root() endpoint: WebhookEndpointRow, @Ctx() { services }: HubContext) {
    return services.partner.catalog.organization(endpoint.organizationId);
  }

  @FieldResolver(() => WebhookDeliveryConnection, { description: "Messages sent or to be sent to this endpoint, newest first." })
  deliveries(
    @Root() endpoint: WebhookEndpointRow,
    @Arg("status", () => WebhookDeliveryStatusEnum, { nullable: true }) status: WebhookDeliveryRow["status"] | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() { services }: HubContext,
  ) {
    return services.webhook.endpoints.deliveries(endpoint, { status, first, after });
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryFieldsResolver {
  @FieldResolver(() => ID)
  id(@Root() delivery: WebhookDeliveryRow) {
    return toGlobalId("WebhookDelivery", delivery.id);
  }
}

import { Field, Int, ObjectType } from "type-graphql";
import type { WebhookDeliveryStatusName, WebhookEventTypeName } from "../../db/queries/webhook.js";
import { Node, PageInfo } from "../node.js";
import { Organization } from "../partner/partner.type.js";
import { DateTimeScalar } from "../scalars.js";
import { WebhookDeliveryStatusEnum, WebhookEventTypeEnum } from "./webhook.enums.js";

@ObjectType({ implements: Node, description: "Where the hub POSTs signed messages for one organization's systems." })
export class WebhookEndpoint extends Node {
  @Field(() => Organization)
  organization!: Organization;

  @Field(() => String)
  url!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => [WebhookEventTypeEnum])
  events!: WebhookEventTypeName[];

  @Field(() => Boolean, { description: "False when its owner turned it off, or the hub did after it failed for too long (see disabledReason)." })
  enabled!: boolean;

  @Field(() => String, { nullable: true })
  disabledReason!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

@ObjectType({ implements: Node, description: "One message to one endpoint, with the outcome of its attempts." })
export class WebhookDelivery extends Node {
  @Field(() => String, { description: "The `webhook-id` header: the same on every attempt of this message, so a receiver de-duplicates on it." })
  messageId!: string;

  @Field(() => String, {
    description: "The payload's `type`: `securityRegistration.updated`, `dossier.statusChanged`, `consultBooking.changed`, `delivery.updated` or `webhook.test`.",
  })
  type!: string;

  @Field(() => WebhookDeliveryStatusEnum)
  status!: WebhookDeliveryStatusName;

  @Field(() => Int)
  attempts!: number;

  @Field(() => DateTimeScalar, { nullable: true })
  lastAttemptAt!: Date | null;

  @Field(() => Int, { nullable: true, description: "The HTTP status of the last answer; null when none came." })
  lastResponseStatus!: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Why the last attempt failed, in a few words (`timeout`, `connection refused`, `HTTP 500`, `target address not allowed`); null after a success.",
  })
  lastError!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  nextAttemptAt!: Date | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

@ObjectType()
export class WebhookDeliveryConnection {
  @Field(() => [WebhookDelivery])
  nodes!: WebhookDelivery[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

@ObjectType({ description: "An endpoint with its signing secret, which the hub shows here once and never again." })
export class WebhookEndpointSecret {
  @Field(() => WebhookEndpoint)
  endpoint!: WebhookEndpoint;

  @Field(() => String, { description: "Standard Webhooks form: `whsec_` followed by the base64 of at least 24 random bytes." })
  secret!: string;
}

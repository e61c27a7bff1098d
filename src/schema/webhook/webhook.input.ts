import { Field, InputType } from "type-graphql";
import type { WebhookEventTypeName } from "../../db/queries/webhook.js";
import { WebhookEventTypeEnum } from "./webhook.enums.js";

@InputType()
export class CreateWebhookEndpointInput {
  @Field(() => String)
  url!: string;

  @Field(() => [WebhookEventTypeEnum])
  events!: WebhookEventTypeName[];

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true, description: "ADMIN only: the organization the endpoint serves. A PARTNER_APP always creates its own organization's." })
  organizationCode?: string | null;
}

@InputType()
export class UpdateWebhookEndpointInput {
  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => [WebhookEventTypeEnum], { nullable: true })
  events?: WebhookEventTypeName[] | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;
}

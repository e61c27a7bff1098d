import { webhookDeliveryStatus, webhookEventType } from "../../db/schema/webhook.js";
import { graphqlEnum } from "../enum.js";

export const WebhookEventTypeEnum = graphqlEnum("WebhookEventType", webhookEventType.enumValues);
export const WebhookDeliveryStatusEnum = graphqlEnum("WebhookDeliveryStatus", webhookDeliveryStatus.enumValues);

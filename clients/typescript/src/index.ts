/**
 * @hanoi-hub/client: the Hanoi partner hub's GraphQL API, typed from its contract.
 *
 *   import { createHubClient, ViewerDocument } from "@hanoi-hub/client";
 *   const hub = createHubClient({ url: "https://hub.example.vn/graphql", token: process.env.HUB_TOKEN });
 *   const { viewer } = await hub.request(ViewerDocument);
 */
export { createHubClient, type HubClient, type HubClientOptions, type RequestOptions, type RetryNotice } from "./client.js";
export type { TokenSource } from "./bearer-token.js";
export { HubError, hubErrorCodes, type GraphQLErrorPayload, type HubErrorCode } from "./errors.js";
export { defaultRetrySettings, type RetrySettings } from "./retry-policy.js";
export { defaultReconnectSettings, type HubSubscription, type ReconnectSettings } from "./subscription.js";
export { newIdempotencyKey, type CallerVariables, type HubDocument, type Variables } from "./variables.js";
export { verifyWebhook, WebhookVerificationError, type WebhookHeaders, type WebhookRefusal } from "./webhooks.js";
export * from "./webhook-events.js";
// The shipped operations (`…Document`), their result and variable types, and the contract's enums and inputs.
export * from "./generated/graphql.js";

/**
 * `createHubClient`: typed GraphQL requests over HTTP with the hub's errors, idempotency keys made
 * and kept across retries, bounded retries (retry-policy.ts), and subscriptions over graphql-ws
 * that resume where they stopped (subscription.ts).
 */
import { authorizationHeader, BearerToken, type TokenSource } from "./bearer-token.js";
import { HubError } from "./errors.js";
import { readAttempt } from "./http-answer.js";
import { postGraphQL } from "./http-transport.js";
import { HubSocket } from "./hub-socket.js";
import { describeOperation } from "./operation.js";
import { defaultRetrySettings, retryDelay, type RetrySettings } from "./retry-policy.js";
import { defaultReconnectSettings, ResumingSubscription, type HubSubscription, type ReconnectSettings } from "./subscription.js";
import { withIdempotencyKeys, type ArgumentsFor, type HubDocument, type Variables, type VariablesFor } from "./variables.js";

export interface HubClientOptions {
  /** The hub's GraphQL URL, e.g. `https://hub.example.vn/graphql`. */
  url: string;
  /**
   * A bearer token, or a function giving one (called again, once, after an UNAUTHENTICATED answer,
   * for tokens that rotate). Leave it out for the public operations (TrackDossier, RateService).
   */
  token?: TokenSource;
  /** The WebSocket URL; by default `url` with ws: or wss:. */
  wsUrl?: string;
  /** Request retries: `{ maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 10000, maxRetryAfterMs: 60000 }` by default. */
  retry?: Partial<RetrySettings>;
  /** Subscription reconnects: `{ maxAttempts: 10, baseDelayMs: 500, maxDelayMs: 30000 }` by default. */
  reconnect?: Partial<ReconnectSettings>;
  /** How long one HTTP attempt may take. Default 30 s. */
  timeoutMs?: number;
  /** Sent with every HTTP request (e.g. a user agent naming your integration). */
  headers?: Record<string, string>;
  /** Default: the platform's fetch. */
  fetch?: typeof fetch;
  /** A WebSocket constructor; by default the platform's, or the `ws` package on Node before 22. */
  webSocketImpl?: unknown;
  /** Told about each retry before its wait, e.g. for logging. */
  onRetry?: (retry: RetryNotice) => void;
}

export interface RetryNotice {
  operationName: string | undefined;
  /** The attempt that failed, from 1. */
  attempt: number;
  delayMs: number;
  error: HubError;
  idempotencyKey: string | undefined;
}

export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export interface HubClient {
  /**
   * Sends a query or mutation and answers its data, or throws a HubError. A mutation with an
   * `idempotencyKey` gets one made (UUID v4) when none is given, and every retry reuses it.
   */
  request<TData, TVariables extends Variables = Variables>(
    document: HubDocument<TData, TVariables>,
    ...args: ArgumentsFor<TVariables, RequestOptions>
  ): Promise<TData>;
  /** Each event's data, in order; reconnects with backoff, and `dossierEvents` resumes after the last event seen. */
  subscribe<TData, TVariables extends Variables = Variables>(
    document: HubDocument<TData, TVariables>,
    ...args: VariablesFor<TVariables>
  ): HubSubscription<TData>;
  /** Ends every subscription and closes the WebSocket; requests still work afterwards. */
  close(): Promise<void>;
}

export function createHubClient(options: HubClientOptions): HubClient {
  const token = new BearerToken(options.token);
  const retry: RetrySettings = { ...defaultRetrySettings, ...options.retry };
  const reconnect: ReconnectSettings = { ...defaultReconnectSettings, ...options.reconnect };
  const timeoutMs = options.timeoutMs ?? 30_000;
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const socket = new HubSocket({
    url: options.wsUrl ?? options.url.replace(/^http/, "ws"),
    token,
    webSocketImpl: options.webSocketImpl,
  });

  async function request(document: HubDocument<unknown, Variables>, given?: Variables, requestOptions: RequestOptions = {}): Promise<unknown> {
    const operation = describeOperation(document);
    if (operation.kind === "subscription") throw new TypeError("Subscriptions go through subscribe(), not request()");
    const { variables, idempotencyKey } = withIdempotencyKeys(operation.idempotencyKeyVariables, given);
    const body = JSON.stringify({ query: operation.query, variables, ...(operation.name ? { operationName: operation.name } : {}) });
    let refreshedToken = false;

    for (let attempt = 1; ; attempt++) {
      const bearer = await token.value();
      const sent = await postGraphQL({
        fetch: fetchImpl,
        url: options.url,
        body,
        headers: { ...options.headers, ...requestOptions.headers, ...authorizationHeader(bearer) },
        timeoutMs,
        signal: requestOptions.signal,
      });
      const reading = readAttempt(sent, timeoutMs);
      if (reading.ok) return reading.data;

      const error = new HubError({ ...reading.details, idempotencyKey, attempts: attempt });
      if (error.code === "UNAUTHENTICATED" && reading.refusedWhole && token.refreshable && !refreshedToken) {
        // A rotated token: ask for a new one and send again, once; refused whole, nothing ran.
        refreshedToken = true;
        await token.refresh(bearer);
        attempt -= 1;
        continue;
      }
      const delayMs = retryDelay(reading.failure, { attempt, retrySafe: operation.retrySafe, settings: retry });
      if (delayMs === null) throw error;
      options.onRetry?.({ operationName: operation.name, attempt, delayMs, error, idempotencyKey });
      await sleep(delayMs, requestOptions.signal);
    }
  }

  const subscriptions = new Set<ResumingSubscription<unknown>>();

  return {
    request: request as HubClient["request"],
    subscribe: ((document: HubDocument<unknown, Variables>, variables?: Variables) => {
      const operation = describeOperation(document);
      if (operation.kind !== "subscription") throw new TypeError("Queries and mutations go through request(), not subscribe()");
      const subscription = new ResumingSubscription(
        { socket, token, settings: reconnect, onEnd: () => subscriptions.delete(subscription) },
        operation,
        { ...variables },
      );
      subscriptions.add(subscription);
      return subscription;
    }) as HubClient["subscribe"],
    async close() {
      // Subscriptions waiting to reconnect would otherwise open a new socket after this one closed.
      await Promise.all([...subscriptions].map((subscription) => subscription.close()));
      await socket.close();
    },
  };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", abort, { once: true });
  });
}

/**
 * One subscription as an async iterator of each event's data. It starts at once (events wait in
 * order until read), and when the socket drops it reconnects with backoff and subscribes again —
 * for a subscription the hub can replay (`dossierEvents`), from the last event it handed out, so a
 * reconnect neither loses nor repeats an event.
 */
import type { Client, SubscribePayload } from "graphql-ws";
import type { BearerToken } from "./bearer-token.js";
import { HubError, hubErrorFromGraphQL, type GraphQLErrorPayload } from "./errors.js";
import type { HubSocket } from "./hub-socket.js";
import type { Operation } from "./operation.js";
import { backoffDelay } from "./retry-policy.js";
import type { Variables } from "./variables.js";

export interface ReconnectSettings {
  /** Failed (re)connections in a row before the subscription gives up with NETWORK_ERROR. Default 10. */
  maxAttempts: number;
  /** Default 500 ms, doubling per failure. */
  baseDelayMs: number;
  /** Default 30 s. */
  maxDelayMs: number;
}

export const defaultReconnectSettings: ReconnectSettings = { maxAttempts: 10, baseDelayMs: 500, maxDelayMs: 30_000 };

/** The events of a subscription; stop it with `close()` or by leaving a `for await` loop. */
export interface HubSubscription<TData> extends AsyncIterableIterator<TData> {
  close(): Promise<void>;
}

type Interruption =
  | { kind: "completed" }
  | { kind: "errors"; errors: readonly GraphQLErrorPayload[]; data?: unknown }
  | { kind: "dropped"; closeCode: number | undefined; reason: string };

/** Close codes of the hub (SPEC §6): the token was refused, or may not subscribe. */
const authCloseCodes: Record<number, "UNAUTHENTICATED" | "FORBIDDEN"> = { 4401: "UNAUTHENTICATED", 4403: "FORBIDDEN" };
/** graphql-ws protocol errors: reconnecting would only repeat them. */
const protocolCloseCodes = new Set([4400, 4406, 4409, 4429]);

export interface SubscriptionDeps {
  socket: HubSocket;
  token: BearerToken;
  settings: ReconnectSettings;
  /** Told once when the subscription has ended, however it ended. */
  onEnd?: () => void;
}

export class ResumingSubscription<TData> implements HubSubscription<TData> {
  private readonly events: TData[] = [];
  private readonly readers: Array<{ resolve: (result: IteratorResult<TData>) => void; reject: (error: unknown) => void }> = [];
  private failure: unknown;
  private ended = false;
  /** The resume position: the cursor of the last event handed out (or the one the caller started after). */
  private position: number | undefined;
  private stopListening: (() => void) | undefined;
  private wakeFromPause: (() => void) | undefined;

  constructor(
    private readonly deps: SubscriptionDeps,
    private readonly operation: Operation,
    private readonly variables: Variables,
  ) {
    const resume = operation.resume;
    const start = resume ? variables[resume.variable] : undefined;
    if (typeof start === "number") this.position = start;
    void this.run();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<TData>> {
    if (this.events.length > 0) return Promise.resolve({ value: this.events.shift()!, done: false });
    if (this.failure !== undefined) {
      const failure = this.failure;
      this.failure = undefined;
      return Promise.reject(failure);
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.readers.push({ resolve, reject }));
  }

  async return(): Promise<IteratorResult<TData>> {
    await this.close();
    return { value: undefined, done: true };
  }

  async close(): Promise<void> {
    this.end();
  }

  private async run(): Promise<void> {
    let failures = 0;
    let refreshedToken = false;
    try {
      while (!this.ended) {
        const client = await this.deps.socket.graphqlWs();
        const liveBefore = this.deps.socket.open;
        const connectionsBefore = this.deps.socket.connections;
        const interruption = await this.listen(client);
        if (this.ended) return;
        if (interruption.kind === "completed") return this.end();
        if (interruption.kind === "errors") return this.fail(hubErrorFromGraphQL(interruption.errors, { data: interruption.data }));

        if (liveBefore || this.deps.socket.connections > connectionsBefore) {
          // It was up: this is a new outage, with a fresh count and a fresh chance to renew the token.
          failures = 0;
          refreshedToken = false;
        }
        const authCode = interruption.closeCode === undefined ? undefined : authCloseCodes[interruption.closeCode];
        if (authCode) {
          if (!this.deps.token.refreshable || refreshedToken) {
            return this.fail(new HubError({ code: authCode, message: `The hub closed the subscription: ${interruption.reason}` }));
          }
          refreshedToken = true;
          await this.deps.token.refresh(this.deps.socket.tokenUsed);
          continue;
        }
        if (interruption.closeCode !== undefined && protocolCloseCodes.has(interruption.closeCode)) {
          return this.fail(new HubError({ code: "INTERNAL_SERVER_ERROR", message: `The hub closed the socket: ${interruption.reason}` }));
        }
        failures += 1;
        if (failures >= this.deps.settings.maxAttempts) {
          return this.fail(new HubError({ code: "NETWORK_ERROR", message: `Lost the hub's WebSocket: ${interruption.reason}`, attempts: failures }));
        }
        await this.pause(backoffDelay(failures, this.deps.settings));
      }
    } catch (error) {
      this.fail(error);
    }
  }

  /** Subscribes once; resolves with whatever ended it. */
  private listen(client: Client): Promise<Interruption> {
    return new Promise((resolve) => {
      const subscription = this;
      const payload: SubscribePayload = {
        query: this.operation.query,
        ...(this.operation.name ? { operationName: this.operation.name } : {}),
        // Read each time graphql-ws sends the payload, so any resubscription carries the latest position.
        get variables() {
          return subscription.currentVariables();
        },
      };
      this.stopListening = client.subscribe<TData>(payload, {
        next: (result) => {
          if (result.errors?.length) {
            this.stopListening?.();
            resolve({ kind: "errors", errors: result.errors as readonly GraphQLErrorPayload[], data: result.data });
          } else if (result.data != null) {
            this.accept(result.data);
          }
        },
        error: (error) => resolve(interruptionOf(error)),
        complete: () => resolve({ kind: "completed" }),
      });
    });
  }

  private currentVariables(): Variables {
    const resume = this.operation.resume;
    return resume && this.position !== undefined ? { ...this.variables, [resume.variable]: this.position } : this.variables;
  }

  private accept(data: TData): void {
    const resume = this.operation.resume;
    if (resume) {
      const event = (data as Record<string, unknown>)[resume.responseKey] as Record<string, unknown> | undefined;
      const cursor = event?.[resume.cursorField];
      if (typeof cursor === "number") {
        // A replay that overlaps what was already handed out is skipped, so nothing comes twice.
        if (this.position !== undefined && cursor <= this.position) return;
        this.position = cursor;
      }
    }
    const reader = this.readers.shift();
    if (reader) reader.resolve({ value: data, done: false });
    else this.events.push(data);
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeFromPause = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.stopListening?.();
    this.wakeFromPause?.();
    this.deps.onEnd?.();
    for (const reader of this.readers.splice(0)) reader.resolve({ value: undefined, done: true });
  }

  private fail(error: unknown): void {
    if (this.ended) return;
    const reader = this.readers.shift();
    if (reader) reader.reject(error);
    else this.failure = error;
    this.end();
  }
}

function interruptionOf(error: unknown): Interruption {
  if (Array.isArray(error)) return { kind: "errors", errors: error as GraphQLErrorPayload[] };
  const close = error as { code?: unknown; reason?: unknown } | null;
  if (close && typeof close.code === "number") {
    return { kind: "dropped", closeCode: close.code, reason: `${close.code}${close.reason ? ` ${String(close.reason)}` : ""}` };
  }
  return { kind: "dropped", closeCode: undefined, reason: error instanceof Error ? error.message : "socket error" };
}

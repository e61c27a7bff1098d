/**
 * The client's one WebSocket to the hub (graphql-ws), opened when the first subscription starts
 * and closed when the last one ends. It never reconnects by itself: each subscription does
 * (subscription.ts), so that it can resubscribe from where it stopped.
 */
import { createClient, type Client } from "graphql-ws";
import { authorizationHeader, type BearerToken } from "./bearer-token.js";

export interface HubSocketOptions {
  url: string;
  token: BearerToken;
  /** A WebSocket constructor; by default the platform's, or the `ws` package on Node before 22. */
  webSocketImpl?: unknown;
}

export class HubSocket {
  private client: Promise<Client> | undefined;
  /** Connections the hub acknowledged so far: a subscription that saw this grow was live. */
  connections = 0;
  /** Whether a connection is acknowledged and still open. */
  open = false;
  /** The token the latest connection was opened with, to be refreshed if the hub refuses it. */
  tokenUsed: string | undefined;

  constructor(private readonly options: HubSocketOptions) {}

  graphqlWs(): Promise<Client> {
    this.client ??= this.connect();
    return this.client;
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await (await client).dispose();
  }

  private async connect(): Promise<Client> {
    const webSocketImpl = this.options.webSocketImpl ?? (await platformWebSocket());
    return createClient({
      url: this.options.url,
      webSocketImpl,
      lazy: true,
      retryAttempts: 0,
      connectionParams: async () => {
        this.tokenUsed = await this.options.token.value();
        return authorizationHeader(this.tokenUsed);
      },
      on: {
        connected: () => {
          this.connections += 1;
          this.open = true;
        },
        closed: () => {
          this.open = false;
        },
      },
    });
  }
}

/** Browsers and Node 22+ have a WebSocket; Node 20 needs the `ws` package (an optional peer dependency). */
async function platformWebSocket(): Promise<unknown> {
  const builtIn = (globalThis as { WebSocket?: unknown }).WebSocket;
  if (builtIn) return builtIn;
  // A computed specifier keeps bundlers for browsers, which never reach this line, from looking for `ws`.
  const wsPackage = "ws";
  try {
    const ws = (await import(/* @vite-ignore */ /* webpackIgnore: true */ wsPackage)) as { default?: unknown; WebSocket?: unknown };
    return ws.default ?? ws.WebSocket;
  } catch (cause) {
    throw new Error("This platform has no WebSocket: install the `ws` package (npm install ws) or pass webSocketImpl", { cause });
  }
}

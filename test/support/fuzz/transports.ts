/**
 * Sending a fuzzed operation the two ways a client can: HTTP POST (status and raw body kept, so a
 * body that is not JSON is seen) and graphql-ws (the errors it delivers and any close code).
 */
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import type { Operation } from "./operation-text.js";

interface AnswerError {
  message?: unknown;
  extensions?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface Answer {
  transport: "http" | "ws";
  /** HTTP status; for WebSocket, absent. */
  status?: number;
  /** The body as received, when it was not JSON. */
  notJson?: string;
  errors: AnswerError[];
  /** A WebSocket closed by the hub during the operation. */
  closeCode?: number;
}

export async function sendHttp(url: string, operation: Operation, authorization: string | undefined): Promise<Answer> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization !== undefined ? { authorization } : {}) },
    body: JSON.stringify(operation),
  });
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { errors?: AnswerError[] };
    return { transport: "http", status: response.status, errors: body.errors ?? [] };
  } catch {
    return { transport: "http", status: response.status, notJson: text.slice(0, 500), errors: [] };
  }
}

/** One graphql-ws client per authorization, reused across calls (connections are per subject limited). */
export class WebSocketClients {
  private readonly clients = new Map<string, Client>();

  constructor(private readonly wsUrl: string) {}

  private clientFor(authorization: string | undefined): Client {
    const key = authorization ?? "";
    let client = this.clients.get(key);
    if (!client) {
      client = createClient({
        url: this.wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: authorization !== undefined ? { authorization } : {},
        retryAttempts: 0,
        lazy: true,
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /**
   * Runs the operation until it completes or fails; a subscription that is still quietly running
   * after `settleMs` has been accepted, and is ended there.
   */
  send(operation: Operation, authorization: string | undefined, settleMs: number): Promise<Answer> {
    const answer: Answer = { transport: "ws", errors: [] };
    return new Promise((resolve) => {
      let dispose = () => {};
      const finish = () => {
        clearTimeout(timer);
        dispose();
        resolve(answer);
      };
      const timer = setTimeout(finish, settleMs);
      dispose = this.clientFor(authorization).subscribe(operation, {
        next: (result) => answer.errors.push(...((result.errors ?? []) as AnswerError[])),
        error: (error) => {
          if (Array.isArray(error)) answer.errors.push(...(error as AnswerError[]));
          else if (isCloseEvent(error)) answer.closeCode = error.code;
          else answer.errors.push({ message: String(error), extensions: { code: "CLIENT_SIDE_FAILURE" } });
          finish();
        },
        complete: finish,
      });
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.dispose()));
  }
}

function isCloseEvent(value: unknown): value is { code: number; reason: string } {
  return typeof value === "object" && value !== null && typeof (value as { code?: unknown }).code === "number";
}

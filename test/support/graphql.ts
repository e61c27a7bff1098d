/**
 * Real clients for tests: GraphQL over HTTP with fetch, and over WebSocket with graphql-ws.
 */
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { expect } from "vitest";

export interface GraphQLResponse<T = any> {
  status: number;
  data: T;
  errors?: Array<{ message: string; path?: string[]; extensions: { code: string; field?: string; [key: string]: unknown } }>;
}

export async function gql<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: GraphQLResponse["errors"] };
  return { status: response.status, data: body.data, errors: body.errors };
}

/** The data of a response that must have no errors. */
export async function ok<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const response = await gql<T>(url, query, variables, token);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data;
}

/** The code of the first error of a response that must have failed. */
export async function errorCode(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<string> {
  const response = await gql(url, query, variables, token);
  expect(response.errors, `expected an error, got ${JSON.stringify(response.data)}`).toBeDefined();
  return response.errors![0]!.extensions.code;
}

export function wsClient(wsUrl: string, token?: string, options: { retryAttempts?: number } = {}): Client {
  return createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: options.retryAttempts ?? 0,
    lazy: true,
  });
}

/**
 * Subscribes and collects results; `next(n)` waits until n results have arrived.
 */
export function subscribe<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const results: Array<{ data?: T; errors?: GraphQLResponse["errors"] }> = [];
  const waiters: Array<() => void> = [];
  let error: unknown;
  let completed = false;
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        results.push(value as any);
        waiters.splice(0).forEach((wake) => wake());
      },
      error: (e) => {
        error = e;
        waiters.splice(0).forEach((wake) => wake());
      },
      complete: () => {
        completed = true;
        waiters.splice(0).forEach((wake) => wake());
      },
    },
  );
  return {
    results,
    get error() {
      return error;
    },
    get completed() {
      return completed;
    },
    dispose,
    async next(count: number, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (results.length < count && !error && !completed) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} results; got ${results.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return results.slice(0, count);
    },
    /** Waits until the subscription ended (error or complete). */
    async ended(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!error && !completed) {
        if (Date.now() > deadline) throw new Error("subscription did not end");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return error;
    },
  };
}

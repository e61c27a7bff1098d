/**
 * An HTTP proxy on loopback in front of the hub that answers chosen requests itself — a 429, a
 * 503, a slow answer — and forwards the rest, counting every request. Faults on the wire, as a
 * load balancer or the hub's limiter would make them, not in the client.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

interface InjectedAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Waits this long first (to outlast a client's timeout). */
  delayMs?: number;
}

export interface FaultProxy {
  url: string;
  /** Every request body that reached the proxy, as JSON. */
  requests: Array<{ operationName?: string; variables?: Record<string, unknown> }>;
  /** The next requests get these answers, in order, instead of reaching the hub. */
  answerNext(...answers: InjectedAnswer[]): void;
  close(): Promise<void>;
}

export function graphqlError(code: string, message: string, extensions: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { code, ...extensions } }] };
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const injected: InjectedAnswer[] = [];
  const requests: FaultProxy["requests"] = [];
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    requests.push(JSON.parse(body));
    const answer = injected.shift();
    if (answer) {
      if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      if (res.destroyed) return;
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      return void res.end(typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body));
    }
    const forwarded = await fetch(target, {
      method: "POST",
      headers: { "content-type": "application/json", ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) },
      body,
    });
    res.writeHead(forwarded.status, {
      "content-type": forwarded.headers.get("content-type") ?? "application/json",
      "x-request-id": forwarded.headers.get("x-request-id") ?? "",
    });
    res.end(await forwarded.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    requests,
    answerNext: (...answers) => void injected.push(...answers),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The small HTTP server the bundled partner simulators share: JSON in and out, bearer check,
 * a route table, listening on loopback. Simulators are real servers so the hub's adapters
 * speak the same HTTP to them as to the partners' own systems.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface SimulatorRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  headers: IncomingMessage["headers"];
  body: unknown;
}

export interface SimulatorReply {
  status: number;
  body?: unknown;
}

type Handler = (request: SimulatorRequest) => SimulatorReply | Promise<SimulatorReply>;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

export interface SimulatorServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export class SimulatorRoutes {
  private readonly routes: Route[] = [];

  /** `path` uses `:name` placeholders, e.g. `/v1/parcels/:serial`. */
  on(method: string, path: string, handler: Handler): this {
    const names: string[] = [];
    const pattern = new RegExp(
      "^" + path.replace(/:([a-zA-Z]+)/g, (_match, name: string) => (names.push(name), "([^/]+)")) + "$",
    );
    this.routes.push({ method, pattern, names, handler });
    return this;
  }

  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(found[i + 1]!)]));
      return { handler: route.handler, params };
    }
    return undefined;
  }
}

export interface SimulatorOptions {
  port?: number;
  /** When set, requests must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** Runs before routing; may answer instead (fault injection), or return undefined to go on. */
  intercept?: (request: SimulatorRequest, response: ServerResponse) => Promise<boolean> | boolean;
}

export async function startSimulatorServer(routes: SimulatorRoutes, options: SimulatorOptions = {}): Promise<SimulatorServer> {
  const server: Server = createServer((req, res) => {
    void handle(routes, options, req, res).catch(() => {
      if (!res.headersSent) send(res, { status: 500, body: { message: "simulator error" } });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(routes: SimulatorRoutes, options: SimulatorOptions, req: IncomingMessage, res: ServerResponse) {
  const path = new URL(req.url ?? "/", "http://simulator").pathname;
  const body = await readJson(req);
  const request: SimulatorRequest = { method: req.method ?? "GET", path, params: {}, headers: req.headers, body };

  if (options.token && req.headers.authorization !== `Bearer ${options.token}`) {
    return send(res, { status: 401, body: { message: "missing or wrong bearer token" } });
  }
  if (options.intercept && (await options.intercept(request, res))) return;
  if (body === INVALID_JSON) return send(res, { status: 400, body: { message: "body is not JSON" } });

  const matched = routes.match(request.method, path);
  if (!matched) return send(res, { status: 404, body: { message: "no such resource" } });
  send(res, await matched.handler({ ...request, params: matched.params }));
}

const INVALID_JSON = Symbol("invalid json");

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return INVALID_JSON;
  }
}

export function send(res: ServerResponse, reply: SimulatorReply): void {
  const text = reply.body === undefined ? "" : JSON.stringify(reply.body);
  res.writeHead(reply.status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

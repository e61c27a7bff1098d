/**
 * The ceiling: a minimal node:http server answering Q1–Q4 (and a single-row INSERT) with one
 * hand-written SQL statement each through postgres.js, the JSON built by PostgreSQL and written
 * out as it comes. What the hub could reach if GraphQL, authorization and the ORM cost nothing.
 * POST /q1 {code} · /q2 {branch, first} · /q3 {bank, first} · /q4 {from, to} · /insert {id}
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import postgres from "postgres";
import { INSERT, INSERT_TABLE, Q1, Q2, Q3, Q4 } from "./queries.js";

type Body = Record<string, unknown>;

const routes: Record<string, { query: string; params: (body: Body) => unknown[] }> = {
  "/q1": { query: Q1, params: (b) => [String(b.code)] },
  "/q2": { query: Q2, params: (b) => [String(b.branch), Number(b.first ?? 50)] },
  "/q3": { query: Q3, params: (b) => [String(b.bank), Number(b.first ?? 50)] },
  "/q4": { query: Q4, params: (b) => [String(b.from), String(b.to)] },
  "/insert": { query: INSERT, params: (b) => [String(b.id)] },
};

// The hub's pool size (postgres.js default in src/db/client.ts), so both wait on the database alike.
const sql = postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => {}, connection: { application_name: "bench-ceiling" } });

async function readBody(request: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Body) : {};
}

const server = createServer((request, response) => {
  const route = routes[request.url ?? ""];
  if (request.method !== "POST" || !route) {
    response.writeHead(404).end();
    return;
  }
  readBody(request)
    .then((body) => sql.unsafe<{ body: string }[]>(route.query, route.params(body) as never[], { prepare: true }))
    .then(([row]) => {
      response.writeHead(200, { "content-type": "application/json" }).end(row?.body ?? '{"data":null}');
    })
    .catch((error: unknown) => {
      response.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ message: String(error) }] }));
    });
});

await sql.unsafe(INSERT_TABLE);
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(`ceiling ready on http://127.0.0.1:${(server.address() as AddressInfo).port} node=${process.version}`);
});

process.on("SIGTERM", () => {
  server.close();
  void sql.end({ timeout: 2 }).then(() => process.exit(0));
});

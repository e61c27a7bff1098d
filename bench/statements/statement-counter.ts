/**
 * Counts the SQL statements a server sends, from the wire: a TCP proxy between the server and
 * PostgreSQL that reads the frontend protocol's message headers (never the bodies) and counts
 * Query ('Q', simple protocol) and Execute ('E', extended protocol) messages. The same measure for
 * the hub, PostGraphile (node-postgres) and the ceiling (postgres.js), with nothing installed or
 * reconfigured on the shared PostgreSQL server (pg_stat_statements would need a restart).
 * Used only in the probe phase: the measured runs connect to PostgreSQL directly.
 */
import { createConnection, createServer, type AddressInfo, type Socket } from "node:net";

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const QUERY = 0x51; // 'Q'
const EXECUTE = 0x45; // 'E'

export interface StatementCounter {
  /** The database URL to give the server: the same database, through the proxy. */
  url: string;
  statements(): number;
  close(): Promise<void>;
}

export async function startStatementCounter(databaseUrl: string): Promise<StatementCounter> {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  let statements = 0;

  const server = createServer((client) => {
    const upstream = createConnection({ host: target.hostname, port: Number(target.port || 5432) });
    sockets.add(client).add(upstream);
    const count = headerReader(() => statements++);
    client.on("data", (chunk: Buffer) => {
      count(chunk);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const proxied = new URL(databaseUrl);
  proxied.hostname = "127.0.0.1";
  proxied.port = String((server.address() as AddressInfo).port);
  return {
    url: proxied.toString(),
    statements: () => statements,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}

/**
 * Walks a client's byte stream message by message, whatever the chunking: first untyped startup
 * packets (length, code; an SSL or GSS request is followed by the real one), then typed messages
 * (type byte, length). Calls `onStatement` for each Query or Execute.
 */
function headerReader(onStatement: () => void): (chunk: Buffer) => void {
  let startup = true;
  let skip = 0;
  let header = Buffer.alloc(0);
  return (chunk) => {
    let at = 0;
    while (at < chunk.length) {
      if (skip > 0) {
        const n = Math.min(skip, chunk.length - at);
        skip -= n;
        at += n;
        continue;
      }
      const need = startup ? 8 : 5;
      const take = Math.min(need - header.length, chunk.length - at);
      header = Buffer.concat([header, chunk.subarray(at, at + take)]);
      at += take;
      if (header.length < need) return;
      if (startup) {
        const code = header.readInt32BE(4);
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST && code !== CANCEL_REQUEST) startup = false;
        skip = header.readInt32BE(0) - 8;
      } else {
        if (header[0] === QUERY || header[0] === EXECUTE) onStatement();
        skip = header.readInt32BE(1) - 4;
      }
      header = Buffer.alloc(0);
    }
  };
}

/**
 * A TCP proxy on loopback between a client and the hub, for failures no server-side fault can
 * make: an answer lost after the hub acted on the request, sockets cut mid-stream, connections
 * refused for a while. It records what clients sent on each connection.
 */
import { createServer, connect, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface TcpProxy {
  /** The hub's GraphQL URL through the proxy (http:); the same with ws: for WebSockets. */
  url: string;
  wsUrl: string;
  /** What clients sent, one string per connection, as it came. */
  sent: string[];
  /** The next `count` answers (the first bytes the hub sends back on a connection) are dropped and both sockets cut. */
  loseAnswers(count: number): void;
  /** Cuts every open connection at once, as a network failure would. */
  cutAll(): void;
  /** While true, new connections are cut as soon as they open. */
  refusing: boolean;
  close(): Promise<void>;
}

export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const { hostname, port, pathname } = new URL(target);
  const pairs = new Set<[Socket, Socket]>();
  const sent: string[] = [];
  let answersToLose = 0;

  const server = createServer((client) => {
    if (proxy.refusing) return void client.destroy();
    const upstream = connect(Number(port), hostname === "localhost" ? "127.0.0.1" : hostname);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const index = sent.push("") - 1;
    const cut = () => {
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    client.on("data", (chunk: Buffer) => {
      sent[index] += chunk.toString("utf8");
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (answersToLose > 0) {
        answersToLose -= 1;
        return cut();
      }
      client.write(chunk);
    });
    for (const socket of pair) {
      socket.on("error", cut);
      socket.on("close", cut);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${pathname}`;

  const proxy: TcpProxy = {
    url: base,
    wsUrl: base.replace(/^http/, "ws"),
    sent,
    refusing: false,
    loseAnswers(count) {
      answersToLose = count;
    },
    cutAll() {
      for (const [client, upstream] of [...pairs]) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    close() {
      proxy.cutAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}

/** The GraphQL request bodies in what a client sent (the JSON after each request's headers). */
export function graphqlBodies(sent: string[]): Array<{ operationName?: string; variables?: Record<string, unknown> }> {
  return sent.flatMap((stream) =>
    stream
      .split(/POST [^\r\n]+ HTTP\/1\.1\r\n/)
      .slice(1)
      .map((request) => JSON.parse(request.slice(request.indexOf("\r\n\r\n") + 4))),
  );
}

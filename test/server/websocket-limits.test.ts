/**
 * What one subject may hold open over graphql-ws (issue 11): at most WS_MAX_CONNECTIONS_PER_SUBJECT
 * sockets (the excess closed with 4429 at connection_init), at most
 * WS_MAX_SUBSCRIPTIONS_PER_CONNECTION operations per socket, and a socket that never says
 * connection_init is closed with 4408.
 */
import WebSocket from "ws";
import { expect, it } from "vitest";
import { subscribe, wsClient } from "../support/graphql.js";
import { testConfig, useTestHub, type TestHub } from "../support/hub.js";
import { submitDossier } from "../support/dossier-factory.js";

let hub: TestHub;

useTestHub(
  (started) => {
    hub = started;
  },
  { config: testConfig({ WS_MAX_CONNECTIONS_PER_SUBJECT: "3", WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: "2", WS_INIT_TIMEOUT_MS: "300" }) },
);

/** Opens a raw graphql-ws socket and sends connection_init; resolves with the close code, or "open" once acknowledged. */
function connect(token: string): Promise<{ socket: WebSocket; outcome: number | "open" }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(hub.wsUrl, "graphql-transport-ws");
    socket.on("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } })));
    socket.on("message", (data) => {
      if (JSON.parse(String(data)).type === "connection_ack") resolve({ socket, outcome: "open" });
    });
    socket.on("close", (code) => resolve({ socket, outcome: code }));
  });
}

it("closes a subject's connection beyond the limit with 4429, and takes one again when another closes", async () => {
  const token = await hub.token({ role: "CITIZEN", sub: "many-sockets" });
  const other = await hub.token({ role: "CITIZEN", sub: "someone-else" });
  const accepted = await Promise.all([1, 2, 3].map(() => connect(token)));
  expect(accepted.map((c) => c.outcome)).toEqual(["open", "open", "open"]);
  expect((await connect(token)).outcome).toBe(4429);
  const unaffected = await connect(other);
  expect(unaffected.outcome).toBe("open");

  accepted[0]!.socket.close();
  await new Promise((resolve) => accepted[0]!.socket.once("close", resolve));
  await expect.poll(async () => {
    const again = await connect(token);
    again.socket.close();
    return again.outcome;
  }).toBe("open");
  for (const connection of [...accepted, unaffected]) connection.socket.close();
});

it("refuses an operation beyond the per-connection limit with RATE_LIMITED, and takes one once another completes", async () => {
  const citizen = await hub.token({ role: "CITIZEN", sub: "busy-socket" });
  const dossier = await submitDossier(hub, citizen);
  const client = wsClient(hub.wsUrl, citizen);
  try {
    const follow = `subscription($id: ID!) { dossierEvents(dossierId: $id, afterSequence: 0) { sequence } }`;
    const first = subscribe(client, follow, { id: dossier.id });
    const second = subscribe(client, follow, { id: dossier.id });
    await first.next(1);
    await second.next(1);
    const third = subscribe(client, follow, { id: dossier.id });
    const errors = (await third.ended()) as Array<{ extensions: { code: string; retryAfter: number } }>;
    expect(errors[0]!.extensions).toMatchObject({ code: "RATE_LIMITED", retryAfter: 1 });

    first.dispose();
    await expect.poll(async () => {
      const fourth = subscribe(client, follow, { id: dossier.id });
      const [result] = await fourth.next(1).catch(() => [] as never[]);
      fourth.dispose();
      return result?.data?.dossierEvents.sequence ?? null;
    }).toBe(1);
  } finally {
    await client.dispose();
  }
});

it("closes a socket that never sends connection_init with 4408", async () => {
  const code = await new Promise<number>((resolve) => {
    const socket = new WebSocket(hub.wsUrl, "graphql-transport-ws");
    socket.on("close", (closeCode) => resolve(closeCode));
  });
  expect(code).toBe(4408);
});

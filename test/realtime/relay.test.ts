/**
 * The relay's message marks, which let subscribers woken by one message share one database read
 * (DossierEventsService): a mark must never come back, or a late subscriber could share a read
 * made before a change it has to see.
 */
import { describe, expect, it } from "vitest";
import type { ListenHandlers } from "../../src/db/listener.js";
import { createLogger } from "../../src/logger.js";
import { EventRelay } from "../../src/realtime/relay.js";

async function relayWithFakeListen() {
  let deliver: (payload: string) => void = () => {};
  const relay = new EventRelay(
    {
      listen: async (_channel: string, handlers: ListenHandlers) => {
        deliver = handlers.onNotify;
        return { listening: true, stop: async () => {} };
      },
    },
    createLogger("silent"),
  );
  await relay.start();
  const send = (topic: string) => deliver(JSON.stringify({ topic, data: {} }));
  return { relay, send };
}

describe("EventRelay.messagesSeen", () => {
  it("moves on with each message of the topic while it has listeners, and not with other topics'", async () => {
    const { relay, send } = await relayWithFakeListen();
    const stop = relay.on("dossier:a", () => {});
    const first = relay.messagesSeen("dossier:a");
    expect(relay.messagesSeen("dossier:a")).toBe(first);
    send("dossier:b");
    expect(relay.messagesSeen("dossier:a")).toBe(first);
    send("dossier:a");
    expect(relay.messagesSeen("dossier:a")).not.toBe(first);
    stop();
  });

  it("never repeats a mark after a topic loses its listeners and regains them", async () => {
    const { relay, send } = await relayWithFakeListen();
    const marks = new Set<number>();
    for (let round = 0; round < 3; round++) {
      const stop = relay.on("dossier:a", () => {});
      marks.add(relay.messagesSeen("dossier:a"));
      stop();
      send("dossier:a"); // a change announced while nobody listens
    }
    expect(marks.size).toBe(3);
  });

  it("gives a topic without listeners a fresh mark on every call", async () => {
    const { relay } = await relayWithFakeListen();
    expect(relay.messagesSeen("dossier:z")).not.toBe(relay.messagesSeen("dossier:z"));
  });
});

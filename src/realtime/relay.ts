/**
 * The cross-instance event relay (SPEC §5). A change publishes with `pg_notify` inside its own
 * transaction, so nothing is announced unless it commits; each process LISTENs once and fans the
 * message out to its local subscribers. Messages carry ids and positions, never rows: subscribers
 * read what they may see from the database, which also makes a lost or late message harmless.
 */
import { notify, type DatabaseHandle, type Executor } from "../db/client.js";
import { describeInternalError, type Logger } from "../logger.js";

export const RELAY_CHANNEL = "hub_events";

export interface RelayMessage {
  /** e.g. `dossier:<uuid>`, `registration-bank:<orgId>` */
  topic: string;
  data: Record<string, string | number | null>;
}

type Listener = (message: RelayMessage) => void;

export class EventRelay {
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Messages received per topic while it has listeners (see `messagesSeen`). */
  private readonly seen = new Map<string, number>();
  private stopListening: (() => Promise<void>) | undefined;

  constructor(
    private readonly database: Pick<DatabaseHandle, "listen">,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.stopListening = await this.database.listen(RELAY_CHANNEL, (payload) => this.dispatch(payload));
  }

  async stop(): Promise<void> {
    const stop = this.stopListening;
    this.stopListening = undefined;
    // A database already closed has stopped listening too.
    await stop?.().catch(() => {});
  }

  /** Announce a change; call it with the transaction that makes the change. */
  async publish(tx: Executor, message: RelayMessage): Promise<void> {
    await notify(tx, RELAY_CHANNEL, JSON.stringify(message));
  }

  on(topic: string, listener: Listener): () => void {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) {
        this.listeners.delete(topic);
        this.seen.delete(topic);
      }
    };
  }

  /**
   * How many messages this process has received on `topic` while listening: a read started after
   * the count reached n sees every change announced up to n, so readers may share it.
   */
  messagesSeen(topic: string): number {
    return this.seen.get(topic) ?? 0;
  }

  private dispatch(payload: string): void {
    let message: RelayMessage;
    try {
      message = JSON.parse(payload) as RelayMessage;
    } catch {
      this.logger.warn("relay: ignored a notification that is not JSON");
      return;
    }
    const listeners = this.listeners.get(message.topic);
    if (listeners) this.seen.set(message.topic, (this.seen.get(message.topic) ?? 0) + 1);
    for (const listener of listeners ?? []) {
      try {
        listener(message);
      } catch (error) {
        this.logger.error({ error: describeInternalError(error), topic: message.topic }, "relay: a listener failed");
      }
    }
  }
}

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
  /** Per topic with listeners, a mark that moves on with every message received (see `messagesSeen`). */
  private readonly seen = new Map<string, number>();
  /** Where marks come from: never reused, so a topic that loses its listeners and regains them never repeats one. */
  private marks = 0;
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
    if (!set) {
      this.listeners.set(topic, (set = new Set()));
      this.seen.set(topic, ++this.marks);
    }
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
   * A mark of the messages this process has received on `topic` while listening: a read started
   * after the mark became m sees every change announced up to it, so readers holding the same mark
   * may share it. A topic without listeners gets a mark of its own on every call (nothing to share).
   */
  messagesSeen(topic: string): number {
    return this.seen.get(topic) ?? ++this.marks;
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
    if (listeners) this.seen.set(message.topic, ++this.marks);
    for (const listener of listeners ?? []) {
      try {
        listener(message);
      } catch (error) {
        this.logger.error({ error: describeInternalError(error), topic: message.topic }, "relay: a listener failed");
      }
    }
  }
}

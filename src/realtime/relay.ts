/**
 * The cross-instance event relay (SPEC §5). A change publishes with `pg_notify` inside its own
 * transaction, so nothing is announced unless it commits; each process LISTENs once and fans the
 * message out to its local subscribers. Messages carry ids and positions, never rows: subscribers
 * read what they may see from the database, which also makes a lost or late message harmless.
 *
 * The LISTEN connection is supervised (src/db/listener.ts). What is announced while it is down
 * never arrives, so each time LISTEN holds again every topic with live listeners gets a catch-up
 * message: "something may have changed". Subscribers then read from their last position, so each
 * event committed during the outage reaches them once, in order — and a late NOTIFY crossing the
 * catch-up finds nothing new to read.
 */
import { notify, type DatabaseHandle, type Executor } from "../db/client.js";
import type { Listener as DatabaseListener } from "../db/listener.js";
import { describeInternalError, type Logger } from "../logger.js";

const RELAY_CHANNEL = "hub_events";

export interface RelayMessage {
  /** e.g. `dossier:<uuid>`, `registration-bank:<orgId>` */
  topic: string;
  data: Record<string, string | number | null>;
  /** Sent by this process after LISTEN was lost and regained: what changed meanwhile is unknown. */
  catchUp?: true;
}

/** What operators see of the relay (/metrics, /readyz). */
export interface RelayStats {
  listening: boolean;
  reconnects: number;
  catchUps: number;
  topics: number;
}

type Listener = (message: RelayMessage) => void;

export class EventRelay {
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Per topic with listeners, a mark that moves on with every message received (see `messagesSeen`). */
  private readonly seen = new Map<string, number>();
  /** Where marks come from: never reused, so a topic that loses its listeners and regains them never repeats one. */
  private marks = 0;
  private listener: DatabaseListener | undefined;
  private reconnects = 0;
  private catchUps = 0;

  constructor(
    private readonly database: Pick<DatabaseHandle, "listen">,
    private readonly logger: Logger,
    private readonly options: { checkIntervalMs?: number } = {},
  ) {}

  async start(): Promise<void> {
    this.listener = await this.database.listen(
      RELAY_CHANNEL,
      {
        onNotify: (payload) => this.dispatch(payload),
        onDown: (error) => this.logger.warn({ error: describeInternalError(error) }, "relay: LISTEN lost; reconnecting"),
        onUp: (again) => {
          if (!again) return;
          this.reconnects++;
          this.logger.info({ topics: this.listeners.size }, "relay: LISTEN back; live topics catch up");
          this.catchUp();
        },
      },
      { checkIntervalMs: this.options.checkIntervalMs },
    );
  }

  async stop(): Promise<void> {
    const listener = this.listener;
    this.listener = undefined;
    // A database already closed has stopped listening too.
    await listener?.stop().catch(() => {});
  }

  get stats(): RelayStats {
    return { listening: this.listener?.listening ?? false, reconnects: this.reconnects, catchUps: this.catchUps, topics: this.listeners.size };
  }

  /** Announce a change; call it with the transaction that makes the change. */
  async publish(tx: Executor, message: RelayMessage): Promise<void> {
    await notify(tx, RELAY_CHANNEL, JSON.stringify(message));
  }

  /** A subscription's read failed; it reads again in `retryInMs` or at its next message. */
  readFailed(topics: string[], error: unknown, retryInMs: number): void {
    this.logger.warn({ topics, retryInMs, error: describeInternalError(error) }, "relay: a subscription's read failed; it will read again");
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

  /** Wakes every live topic's listeners as if each had a message: they read what they missed. */
  private catchUp(): void {
    this.catchUps++;
    for (const topic of [...this.listeners.keys()]) this.deliver({ topic, data: {}, catchUp: true });
  }

  private dispatch(payload: string): void {
    let message: RelayMessage;
    try {
      message = JSON.parse(payload) as RelayMessage;
    } catch {
      this.logger.warn("relay: ignored a notification that is not JSON");
      return;
    }
    this.deliver(message);
  }

  private deliver(message: RelayMessage): void {
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

/**
 * A supervised LISTEN (issue 12). The connection that listens is watched: when it closes, or a
 * periodic check finds it no longer listening, it is re-established with capped backoff (never more
 * than a second between tries) until it is, for as long as the hub runs. `onUp(again)` tells the
 * caller when LISTEN holds again after a loss, so it can catch up on what was announced meanwhile.
 */
import type { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";

export interface ListenHandlers {
  onNotify(payload: string): void;
  /** LISTEN holds; `again` after a loss (not on the first start). */
  onUp(again: boolean): void;
  onDown(error: unknown): void;
}

export interface Listener {
  readonly listening: boolean;
  stop(): Promise<void>;
}

export interface ListenOptions {
  /** How often a listening connection is asked whether it still listens. */
  checkIntervalMs?: number;
  /** Cap of the backoff between reconnection tries. */
  maxRetryDelayMs?: number;
}

/** The transport a supervisor drives: LISTEN once, ask whether still listening, and its end. */
interface ListenTransport {
  listen(): Promise<void>;
  stillListening(): Promise<boolean>;
  close(): Promise<void>;
}

class SupervisedListener implements Listener {
  private up = false;
  private everUp = false;
  private stopped = false;
  private attempt = 0;
  private retry: NodeJS.Timeout | undefined;
  private readonly watchdog: NodeJS.Timeout;

  constructor(
    private readonly transport: ListenTransport,
    private readonly handlers: ListenHandlers,
    private readonly options: Required<ListenOptions>,
  ) {
    this.watchdog = setInterval(() => void this.check(), options.checkIntervalMs);
    this.watchdog.unref();
  }

  get listening(): boolean {
    return this.up;
  }

  /** The first LISTEN: a failure here is the caller's (startup waits for the database separately). */
  async start(): Promise<void> {
    await this.transport.listen();
    this.markUp();
  }

  /** Called when the transport reports its connection gone. */
  lost(error: unknown): void {
    if (this.stopped) return;
    if (this.up) {
      this.up = false;
      this.handlers.onDown(error);
    }
    this.scheduleReconnect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.watchdog);
    clearTimeout(this.retry);
    await this.transport.close();
  }

  private markUp(): void {
    this.up = true;
    this.attempt = 0;
    this.handlers.onUp(this.everUp);
    this.everUp = true;
  }

  private scheduleReconnect(): void {
    if (this.retry || this.stopped) return;
    const delay = Math.min(this.options.maxRetryDelayMs, 50 * 2 ** this.attempt++);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.reconnect();
    }, delay);
    this.retry.unref();
  }

  private async reconnect(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.transport.listen();
      if (!this.stopped) this.markUp();
    } catch (error) {
      this.lost(error);
    }
  }

  private async check(): Promise<void> {
    if (!this.up || this.stopped) return;
    let listening: boolean;
    try {
      listening = await this.transport.stillListening();
    } catch (error) {
      return this.lost(error);
    }
    if (!listening) this.lost(new Error("the connection no longer listens"));
  }
}

const withDefaults = (options: ListenOptions): Required<ListenOptions> => ({
  checkIntervalMs: options.checkIntervalMs ?? 5_000,
  maxRetryDelayMs: options.maxRetryDelayMs ?? 1_000,
});

/** LISTEN on a PostgreSQL connection of its own (application_name hub-listen). */
export async function listenOnPostgres(
  url: string,
  connection: Record<string, string>,
  channel: string,
  handlers: ListenHandlers,
  options: ListenOptions = {},
): Promise<Listener> {
  let supervisor: SupervisedListener | undefined;
  // postgres.js's own listen() does this on a hidden connection and gives up when a reconnect fails;
  // here the connection is ours, so its loss is seen (onclose) and handled.
  const onnotify = (notified: string, payload: string) => {
    if (notified === channel) handlers.onNotify(payload);
  };
  const client = postgres(url, {
    max: 1,
    max_lifetime: 0, // never recycled
    fetch_types: false,
    connect_timeout: 5,
    onnotice: () => {},
    connection,
    onclose: () => supervisor?.lost(new Error("the LISTEN connection closed")),
    ...({ onnotify } as object),
  });
  const quoted = `"${channel.replace(/"/g, '""')}"`;
  supervisor = new SupervisedListener(
    {
      listen: async () => void (await client.unsafe(`listen ${quoted}`)),
      stillListening: async () => (await client`select 1 from pg_listening_channels() as c where c = ${channel}`).length > 0,
      close: () => client.end({ timeout: 1 }),
    },
    handlers,
    withDefaults(options),
  );
  await supervisor.start();
  return supervisor;
}

/** LISTEN on embedded PGlite, whose one connection can lose it too (an UNLISTEN or DISCARD on it). */
export async function listenOnPglite(client: PGlite, channel: string, handlers: ListenHandlers, options: ListenOptions = {}): Promise<Listener> {
  let unlisten: (() => Promise<void>) | undefined;
  const supervisor = new SupervisedListener(
    {
      listen: async () => {
        await unlisten?.().catch(() => undefined);
        unlisten = await client.listen(channel, handlers.onNotify);
      },
      stillListening: async () =>
        (await client.query<{ c: string }>("select c from pg_listening_channels() as c where c = $1", [channel])).rows.length > 0,
      close: async () => {
        await unlisten?.().catch(() => undefined);
      },
    },
    handlers,
    withDefaults(options),
  );
  await supervisor.start();
  return supervisor;
}

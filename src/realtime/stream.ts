/**
 * Turns relay messages into the AsyncIterable a GraphQL subscription returns. The subscription's
 * own `next` function decides what each wake-up yields (usually: read from the database whatever
 * is new since the last item), so messages are only signals and cannot cause gaps or duplicates.
 * A read that fails (the database cut off, restarting, failing over) is made again, after a wait
 * that grows to a few seconds or at the next message, whichever comes first: the subscription
 * outlives the outage and then delivers what it missed, in order.
 */
import type { EventRelay } from "./relay.js";

export interface PullStream<T> {
  /** Topics whose messages wake the stream. */
  topics: string[];
  /** Items to yield now; called once at start (the replay) and after every wake-up, never concurrently. */
  pull: () => Promise<T[]>;
  /** Called before each item is yielded; returning false ends the stream (e.g. the caller lost access). */
  stillAllowed?: () => boolean | Promise<boolean>;
}

const RETRY_FIRST_MS = 200;
const RETRY_MAX_MS = 5_000;

export function pullStream<T>(relay: EventRelay, options: PullStream<T>): AsyncIterableIterator<T> {
  let wakeUp: (() => void) | undefined;
  let pending = true; // the first pull is the replay
  let done = false;
  /** Reads failed in a row: the wait before the next grows with them. */
  let failures = 0;
  const unsubscribes = options.topics.map((topic) =>
    // Subscribed before the first pull, so a change committed while the replay runs still wakes us.
    relay.on(topic, () => {
      pending = true;
      wakeUp?.();
    }),
  );
  const buffer: T[] = [];

  const finish = () => {
    done = true;
    unsubscribes.forEach((unsubscribe) => unsubscribe());
    wakeUp?.();
  };

  const iterator: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      while (!done) {
        if (buffer.length > 0) {
          if (options.stillAllowed && !(await options.stillAllowed())) break;
          return { value: buffer.shift()!, done: false };
        }
        if (pending) {
          pending = false;
          try {
            buffer.push(...(await options.pull()));
            failures = 0;
          } catch (error) {
            pending = true;
            const retryInMs = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** failures++);
            relay.readFailed(options.topics, error, retryInMs);
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, retryInMs);
              wakeUp = () => (clearTimeout(timer), resolve());
            });
            wakeUp = undefined;
          }
          continue;
        }
        await new Promise<void>((resolve) => (wakeUp = resolve));
        wakeUp = undefined;
      }
      finish();
      return { value: undefined, done: true };
    },
    async return(): Promise<IteratorResult<T>> {
      finish();
      return { value: undefined, done: true };
    },
    async throw(error?: unknown): Promise<IteratorResult<T>> {
      finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

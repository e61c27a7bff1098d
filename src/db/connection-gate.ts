/**
 * Two rules that keep the pool from deadlocking (issue 16):
 *
 * 1. Nothing waits for a pool connection while it holds one. A transaction runs inside
 *    `transactionScope`; a query sent through the pool (not through the transaction's own
 *    executor) from inside that scope is a violation. With `strict` (development and tests) it
 *    throws at once, naming the call site; in production it is logged once per call site.
 * 2. Nothing waits forever for a connection. Every pool query and every transaction takes one of
 *    `size` permits (the pool's size) for as long as it runs; a caller that cannot get one within
 *    `acquireTimeoutMs` fails with `ConnectionUnavailableError` instead of queueing for ever.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { projectRoot } from "../config.js";

interface TransactionScope {
  /** The transaction was opened by this gate (its pool). */
  gate: ConnectionGate;
  /** Where it was opened (strict mode only; the stack is formatted only if a violation needs it). */
  openedAt: Error | undefined;
}

const transactionScope = new AsyncLocalStorage<TransactionScope>();

/** Runs `work` outside any transaction's scope: for background work a transaction only starts (a cache refresh), never awaits. */
export function detachedFromTransaction<T>(work: () => T): T {
  return transactionScope.exit(work);
}

export class ConnectionUnavailableError extends Error {
  override readonly name = "ConnectionUnavailableError";
}

export class PoolQueryInTransactionError extends Error {
  override readonly name = "PoolQueryInTransactionError";
}

export interface GateOptions {
  /** Permits: the pool's connection count. */
  size: number;
  acquireTimeoutMs: number;
  /** Throw on a pool query inside a transaction (development, tests); otherwise log it once per call site. */
  strict: boolean;
  onViolation?: (error: PoolQueryInTransactionError) => void;
}

export class ConnectionGate {
  private inUse = 0;
  private readonly waiting: Array<{ grant: () => void }> = [];
  private readonly reportedSites = new Set<string>();

  constructor(private readonly options: GateOptions) {}

  /** Permits taken and callers waiting for one (for metrics and readiness). */
  get stats(): { inUse: number; waiting: number; size: number } {
    return { inUse: this.inUse, waiting: this.waiting.length, size: this.options.size };
  }

  /** A single statement through the pool. */
  async query<T>(send: () => PromiseLike<T>): Promise<T> {
    this.checkNotInTransaction();
    return this.withPermit(send);
  }

  /** A transaction: holds a permit from BEGIN to COMMIT, and marks its callback's async scope. */
  async transaction<T>(begin: (scoped: <R>(body: () => R) => R) => PromiseLike<T>): Promise<T> {
    this.checkNotInTransaction();
    const scope: TransactionScope = { gate: this, openedAt: this.options.strict ? withLongStack(() => new Error()) : undefined };
    return this.withPermit(() => begin((body) => transactionScope.run(scope, body)));
  }

  /** Throws (strict) or reports a pool query made inside one of this pool's transactions. */
  checkNotInTransaction(): void {
    const scope = transactionScope.getStore();
    if (!scope || scope.gate !== this) return;
    // The query's own site is on the stack when it was sent directly; a query builder awaited
    // later hides it, and then the transaction's opening site says where to look.
    const where = [
      ["sent from", callSite(withLongStack(() => new Error()).stack ?? "")],
      ["inside the transaction opened at", scope.openedAt ? callSite(scope.openedAt.stack ?? "") : undefined],
    ]
      .filter(([, site]) => site)
      .map(([label, site]) => `${label} ${site}`)
      .join(", ");
    const error = new PoolQueryInTransactionError(
      `A query was sent through the pool while a transaction holds a connection (${where || "site unknown"}). ` +
        "Inside a transaction use its own executor (tx), and read reference data before it opens.",
    );
    if (this.options.strict) throw error;
    if (!this.reportedSites.has(where)) {
      this.reportedSites.add(where);
      this.options.onViolation?.(error);
    }
  }

  private async withPermit<T>(work: () => PromiseLike<T>): Promise<T> {
    await this.acquire();
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.inUse < this.options.size) {
      this.inUse++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        grant: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(
          new ConnectionUnavailableError(
            `No database connection became free within ${this.options.acquireTimeoutMs} ms (pool of ${this.options.size})`,
          ),
        );
      }, this.options.acquireTimeoutMs);
      this.waiting.push(waiter);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    // The permit passes straight to the next waiter, so inUse stays as it is.
    if (next) next.grant();
    else this.inUse--;
  }
}

/** Frames past drizzle's and postgres.js's own reach the caller. */
function withLongStack<T>(capture: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  try {
    return capture();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** The innermost frames of the project's own code outside the gate, as `src/…:line:column ← …`. */
function callSite(stack: string): string | undefined {
  const ours = stack
    .split("\n")
    .slice(1)
    .map((frame) => frame.trim())
    .filter((frame) => frame.includes(projectRoot) && !/node_modules|[/\\]src[/\\]db[/\\](client|connection-gate)\./.test(frame))
    .slice(0, 3)
    .map((frame) => (/\(?((?:file:\/\/)?[^\s()]+:\d+:\d+)\)?$/.exec(frame)?.[1] ?? frame).replace(/^file:\/\//, "").replace(`${projectRoot}/`, ""));
  return ours.length > 0 ? ours.join(" ← ") : undefined;
}

/**
 * Child processes of the bench: each server under test and each load generator runs in its own
 * process, pinned with `taskset` to its own core when the machine allows (servers on core 0, load
 * on core 1), so a generator never steals the CPU it is measuring. Where pinning is impossible
 * (no taskset, one core, not Linux) the processes run unpinned and the report says so.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readlinkSync } from "node:fs";
import { cpus } from "node:os";

export const SERVER_CORE = 0;
export const LOAD_CORE = 1;

export interface Pinning {
  possible: boolean;
  /** Why not, when not. */
  reason: string | null;
}

export function detectPinning(): Pinning {
  if (process.platform !== "linux") return { possible: false, reason: `not Linux (${process.platform})` };
  if (cpus().length < 2) return { possible: false, reason: "one core only" };
  try {
    execFileSync("taskset", ["-V"], { stdio: "ignore" });
    return { possible: true, reason: null };
  } catch {
    return { possible: false, reason: "taskset is not installed (util-linux)" };
  }
}

export interface BenchProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  /** The last lines it printed (stdout and stderr), for error messages. */
  recentOutput(): string;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface LaunchOptions {
  name: string;
  args: string[];
  env?: Record<string, string | undefined>;
  core: number | null;
  pinning: Pinning;
  cwd?: string;
  /** A pipe to its stdin (subscriber processes are told there when to report). */
  stdin?: boolean;
  /** The Node binary; the bench's own by default (the servers under test run on `serverNode()`). */
  node?: string;
}

/**
 * The Node binary the servers under test run on, all three alike (the hub, PostGraphile, the
 * ceiling), so a comparison is never one runtime against another: BENCH_NODE, or the bench's own.
 * The load generators and subscriber processes stay on the bench's own.
 */
export const serverNode = (): string => process.env.BENCH_NODE || process.execPath;

/** Starts `node <args>` (the bench's Node binary unless `options.node`), pinned to `core` when possible. */
export function launchNode(options: LaunchOptions): BenchProcess {
  const node = [options.node ?? process.execPath, ...options.args];
  const [command, ...args] = options.pinning.possible && options.core !== null ? ["taskset", "-c", String(options.core), ...node] : node;
  const child = spawn(command!, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: [options.stdin ? "pipe" : "ignore", "pipe", "pipe"],
  });
  let recent = "";
  const keep = (chunk: Buffer) => {
    recent = (recent + chunk.toString()).slice(-8_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    name: options.name,
    child,
    pid: child.pid!,
    recentOutput: () => recent,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves with the first match of `pattern` in the process's stdout; rejects if it exits first. */
export function waitForOutput(proc: BenchProcess, pattern: RegExp, timeoutMs = 120_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => fail(new Error(`${proc.name}: nothing matching ${pattern} within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const found = pattern.exec(seen);
      if (found) {
        cleanup();
        resolve(found);
      }
    };
    const onExit = (code: number | null) => fail(new Error(`${proc.name} exited (${code}) before it was ready`));
    const cleanup = () => {
      clearTimeout(timer);
      proc.child.stdout!.off("data", onData);
      proc.child.off("exit", onExit);
    };
    const fail = (error: Error) => {
      cleanup();
      reject(new Error(`${error.message}\n--- its output ---\n${proc.recentOutput()}`));
    };
    proc.child.stdout!.on("data", onData);
    proc.child.once("exit", onExit);
  });
}

const versions = new Map<string, string>();

/** The Node version a running process executes (issue 19), from its binary, not from what it says. */
export function nodeVersionOf(pid: number): string {
  let binary: string;
  try {
    binary = readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return process.version; // not Linux: the bench starts every child with its own binary
  }
  if (!versions.has(binary)) versions.set(binary, execFileSync(binary, ["-v"]).toString().trim());
  return versions.get(binary)!;
}

/**
 * Memory and CPU of a process from /proc, read by the bench (the server itself is not asked, so
 * every server is measured the same way): RSS sampled while a run lasts, CPU time as a difference.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Resident set size in MB, or null when /proc has no such process. */
export function rssMb(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** User + system CPU seconds the process has used so far, or null. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces), counted from field 3.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return null;
  }
}

export interface ProcessUsage {
  rssMaxMb: number | null;
  rssEndMb: number | null;
  /** CPU used over the window as a share of one core, in percent. */
  cpuPercent: number | null;
}

/** Samples `pid` every `everyMs` until the returned function is called. */
export function watchUsage(pid: number, everyMs = 250): () => ProcessUsage {
  const cpuStart = cpuSeconds(pid);
  const started = performance.now();
  let rssMax = rssMb(pid);
  const timer = setInterval(() => {
    const now = rssMb(pid);
    if (now !== null && (rssMax === null || now > rssMax)) rssMax = now;
  }, everyMs);
  return () => {
    clearInterval(timer);
    const cpuEnd = cpuSeconds(pid);
    const wall = (performance.now() - started) / 1000;
    const rssEnd = rssMb(pid);
    return {
      rssMaxMb: rssMax === null || (rssEnd !== null && rssEnd > rssMax) ? rssEnd : rssMax,
      rssEndMb: rssEnd,
      cpuPercent: cpuStart === null || cpuEnd === null || wall <= 0 ? null : Math.round(((cpuEnd - cpuStart) / wall) * 100),
    };
  };
}

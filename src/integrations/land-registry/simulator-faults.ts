/**
 * Faults the land registry simulator can inject, so tests exercise the hub's retries against a
 * real socket: latency, 5xx answers, no answer at all, and "committed but the answer was lost".
 */
import type { ServerResponse } from "node:http";
import { sleep } from "../backoff.js";
import { send, type SimulatorRequest } from "../simulator-server.js";

export interface LandRegistryFaults {
  /** The next `count` requests answer `status` and do nothing else. */
  failNext(count: number, status?: number): void;
  /** The next `count` requests get no answer; the socket is held until the client gives up. */
  timeoutNext(count: number): void;
  /** The next `count` POST /v1/registrations are processed and stored, then the socket is cut. */
  loseAnswerNext(count: number): void;
  /** Added before every request is handled (and so before every answer). */
  latencyMs: number;
  reset(): void;
}

export interface FaultInjector {
  faults: LandRegistryFaults;
  /**
   * Runs as the simulator server's `intercept`. `commitWithoutAnswer` is given for requests whose
   * answer may be lost (registration submissions): it must process and store the request.
   * Order when several are armed: failures, then timeouts, then lost answers.
   */
  intercept(request: SimulatorRequest, response: ServerResponse, commitWithoutAnswer?: () => void): Promise<boolean>;
  /** Cuts held sockets, so closing the simulator never waits for them. */
  releaseHeld(): void;
}

/** Long enough that any sane client timeout fires first; short enough not to leak sockets forever. */
const HOLD_MS = 30_000;

export function createFaultInjector(): FaultInjector {
  let failures: number[] = [];
  let timeouts = 0;
  let lostAnswers = 0;
  const held = new Set<ServerResponse>();

  const faults: LandRegistryFaults = {
    latencyMs: 0,
    failNext(count, status = 503) {
      failures.push(...Array.from({ length: count }, () => status));
    },
    timeoutNext(count) {
      timeouts += count;
    },
    loseAnswerNext(count) {
      lostAnswers += count;
    },
    reset() {
      failures = [];
      timeouts = 0;
      lostAnswers = 0;
      faults.latencyMs = 0;
    },
  };

  function hold(response: ServerResponse) {
    const timer = setTimeout(() => response.destroy(), HOLD_MS);
    timer.unref();
    held.add(response);
    response.on("close", () => {
      clearTimeout(timer);
      held.delete(response);
    });
  }

  return {
    faults,
    async intercept(_request, response, commitWithoutAnswer) {
      if (faults.latencyMs > 0) await sleep(faults.latencyMs);
      const failure = failures.shift();
      if (failure !== undefined) {
        send(response, { status: failure, body: { reason: `injected fault: HTTP ${failure}` } });
        return true;
      }
      if (timeouts > 0) {
        timeouts -= 1;
        hold(response);
        return true;
      }
      if (lostAnswers > 0 && commitWithoutAnswer) {
        lostAnswers -= 1;
        commitWithoutAnswer();
        response.destroy();
        return true;
      }
      return false;
    },
    releaseHeld() {
      for (const response of held) response.destroy();
      held.clear();
    },
  };
}

/**
 * What every domain module is made from, and what it gives back (issue 13): a module's services,
 * the background workers it runs, and — for the composition root to hand to other domains — what it
 * contributes through their declared extension points. `src/services/index.ts` composes them.
 */
import type { HubConfig } from "../config.js";
import type { Database } from "../db/client.js";
import type { Logger } from "../logger.js";
import type { EventRelay } from "../realtime/relay.js";
import type { HubWorker } from "./hub-worker.js";

export interface ModuleDeps {
  db: Database;
  relay: EventRelay;
  logger: Logger;
  /** The hub's clock; tests move it. */
  now: () => Date;
  config: HubConfig;
}

export interface Module<Services> {
  services: Services;
  workers: HubWorker[];
}

/**
 * What every resolver gets, for one operation (HTTP request or WebSocket operation): who is
 * calling, the domain services, per-operation loaders, the personal-data reads to audit, and the
 * request scope. Built by the server's context factory (src/server/context.ts).
 */
import type { Caller } from "../auth/caller.js";
import type { Logger } from "../logger.js";
import type { RequestScope } from "../request-scope.js";
import type { PersonalDataReads } from "../services/audit/index.js";
import type { Loaders } from "../services/loaders.js";
import type { HubServices } from "../services/index.js";

export interface HubContext {
  requestId: string;
  scope: RequestScope;
  caller: Caller | null;
  services: HubServices;
  loaders: Loaders;
  audit: PersonalDataReads;
  logger: Logger;
  /** The hub's clock (injectable in tests), for everything computed at read time. */
  now: () => Date;
}

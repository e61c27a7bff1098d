/**
 * What the work under way belongs to: the request (HTTP) or operation (WebSocket) it serves, and who
 * asked. Carried by AsyncLocalStorage through everything the request awaits, so the logger can stamp
 * every line with the request id and the audit trail can name the actor, without every function
 * passing them on. Background work (workers, partner callbacks) runs outside any scope.
 */
import { AsyncLocalStorage } from "node:async_hooks";

interface Actor {
  subject: string;
  roles: string[];
  organizationCode: string | null;
}

export interface RequestScope {
  requestId: string;
  /** Set once the bearer token is verified; absent for public and anonymous calls. */
  actor?: Actor;
  /** The client's address (behind proxies as TRUST_PROXY allows), for per-IP limits. */
  clientIp?: string;
  /** A bearer token came with the request (refusals of it are audited even when it did not verify). */
  hadToken?: boolean;
  /** Mutations whose acceptance a service has already written to the audit trail in its transaction. */
  audited?: Set<string>;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInRequestScope<T>(scope: RequestScope, work: () => T): T {
  return storage.run(scope, work);
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

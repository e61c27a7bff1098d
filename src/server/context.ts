/**
 * One context factory for HTTP and WebSocket operations: verifies the bearer token, resolves the
 * viewer against the catalog, and gives the operation its own loaders and audit trail.
 */
import { randomUUID } from "node:crypto";
import { GraphQLError } from "graphql";
import type { TokenVerifier } from "../auth/tokens.js";
import { viewerFromClaims, type Viewer } from "../auth/viewer.js";
import type { Database } from "../db/client.js";
import type { Logger } from "../logger.js";
import { AuditTrail } from "../services/audit/audit-trail.js";
import { HubError } from "../services/errors.js";
import { createLoaders, type Loaders } from "./loaders.js";
import type { HubServices } from "./services.js";

export interface HubContext {
  requestId: string;
  viewer: Viewer | null;
  services: HubServices;
  loaders: Loaders;
  audit: AuditTrail;
  logger: Logger;
  /** The hub's clock (injectable in tests), for everything computed at read time. */
  now: () => Date;
}

export class ContextFactory {
  constructor(
    private readonly deps: { db: Database; verifier: TokenVerifier; services: HubServices; logger: Logger; now: () => Date },
  ) {}

  /** The viewer a bearer token names, or null without one; throws UNAUTHENTICATED for a bad one. */
  async viewerFor(authorization: string | undefined | null): Promise<Viewer | null> {
    if (!authorization) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw new HubError("UNAUTHENTICATED", "The Authorization header must be `Bearer <token>`");
    const claims = await this.deps.verifier.verify(match[1]!);
    return viewerFromClaims(claims, await this.deps.services.catalog.get());
  }

  create(viewer: Viewer | null, requestId: string = randomUUID()): HubContext {
    return {
      requestId,
      viewer,
      services: this.deps.services,
      loaders: createLoaders(this.deps.db, this.deps.services),
      audit: new AuditTrail(viewer, requestId),
      logger: this.deps.logger.child({ requestId }),
      now: this.deps.now,
    };
  }

  /** For HTTP: a bad token ends the request with 401 before any resolver runs. */
  async forHttp(authorization: string | undefined, requestId: string): Promise<HubContext> {
    try {
      return this.create(await this.viewerFor(authorization), requestId);
    } catch (error) {
      if (error instanceof HubError) {
        throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
      }
      throw error;
    }
  }
}

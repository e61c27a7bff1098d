/**
 * One context factory for HTTP and WebSocket operations: verifies the bearer token, resolves the
 * caller against the catalog, and gives the operation its own loaders, its request scope (the
 * request id and actor that logs and the audit trail carry) and its personal-data read log.
 */
import { randomUUID } from "node:crypto";
import { GraphQLError } from "graphql";
import type { TokenVerifier } from "../auth/tokens.js";
import { callerFromClaims, type Caller } from "../auth/caller.js";
import type { Database } from "../db/client.js";
import type { Logger } from "../logger.js";
import type { RequestScope } from "../request-scope.js";
import type { LandRegistryClient } from "../integrations/land-registry/client.js";
import type { HubContext } from "../resolvers/context.js";
import { PersonalDataReads } from "../services/audit/index.js";
import { HubError } from "../errors.js";
import { createLoaders } from "../services/loaders.js";
import type { HubServices } from "../services/index.js";

export type { HubContext };

export class ContextFactory {
  constructor(
    private readonly deps: {
      db: Database;
      verifier: TokenVerifier;
      services: HubServices;
      /** Parcels are read from the registry through per-operation loaders. */
      landRegistry: LandRegistryClient;
      logger: Logger;
      now: () => Date;
    },
  ) {}

  /** The caller a bearer token names, or null without one; throws UNAUTHENTICATED for a bad one (and audits it). */
  async callerFor(authorization: string | undefined | null): Promise<Caller | null> {
    if (!authorization) return null;
    try {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
      if (!match) throw new HubError("UNAUTHENTICATED", "The Authorization header must be `Bearer <token>`");
      const claims = await this.deps.verifier.verify(match[1]!);
      return callerFromClaims(claims, await this.deps.services.partner.catalog.get());
    } catch (error) {
      if (error instanceof HubError) {
        await this.deps.services.audit.log
          .recordAll([{ action: "access.denied", entity: "token", outcome: error.code }])
          .catch((failure: unknown) => this.deps.logger.error({ error: failure }, "audit: could not record a refused token"));
      }
      throw error;
    }
  }

  /** A context for one operation; `scope` is the request's (HTTP) or made here (WebSocket). */
  create(caller: Caller | null, scope: RequestScope = { requestId: randomUUID() }): HubContext {
    scope.actor = caller ? { subject: caller.subject, roles: caller.roles, organizationCode: caller.organization?.code ?? null } : undefined;
    scope.audited ??= new Set();
    return {
      requestId: scope.requestId,
      scope,
      caller,
      services: this.deps.services,
      loaders: createLoaders(this.deps.db, { landRegistry: this.deps.landRegistry }),
      audit: new PersonalDataReads(),
      // The request scope stamps every line with the request id (src/logger.ts).
      logger: this.deps.logger,
      now: this.deps.now,
    };
  }

  /** For HTTP: a bad token ends the request with 401 before any resolver runs. */
  async forHttp(authorization: string | undefined, scope: RequestScope): Promise<HubContext> {
    scope.hadToken = Boolean(authorization);
    try {
      return this.create(await this.callerFor(authorization), scope);
    } catch (error) {
      if (error instanceof HubError) {
        throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
      }
      throw error;
    }
  }
}

import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { Allow } from "../../auth/access.js";
import type { AuditEntryRow } from "../../services/audit/index.js";
import { AuditEntry, AuditEntryConnection } from "../../schema/audit/audit.type.js";
import { parseGlobalId, toGlobalId, type NodeTypeName } from "../../schema/node.js";
import { entityOfNodeType } from "../../services/audit/audit-log.js";
import type { HubContext } from "../context.js";

/** The node type of each entity the trail names, so ids go out (and come in) as the API's global ids. */
const nodeTypeOfEntity = new Map<string, NodeTypeName>(Object.entries(entityOfNodeType).map(([type, entity]) => [entity!, type as NodeTypeName]));

@Resolver()
export class AuditResolver {
  @Allow("ADMIN")
  @Query(() => AuditEntryConnection, {
    description: "ADMIN only: the audit trail, oldest first; one entity's entries when `entity` and `entityId` are given.",
  })
  auditTrail(
    @Arg("entity", () => String, { nullable: true }) entity: string | null,
    @Arg("entityId", () => ID, { nullable: true }) entityId: string | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() { services }: HubContext,
  ) {
    const storedId = entityId == null ? undefined : (parseGlobalId(entityId)?.id ?? entityId.slice(0, 200));
    return services.audit.log.page({ entity: entity ?? undefined, entityId: storedId }, first, after);
  }
}

@Resolver(() => AuditEntry)
export class AuditEntryFieldsResolver {
  @FieldResolver(() => ID, { nullable: true })
  entityId(@Root() entry: AuditEntryRow): string | null {
    const type = nodeTypeOfEntity.get(entry.entity);
    return entry.entityId && type ? toGlobalId(type, entry.entityId) : entry.entityId;
  }
}

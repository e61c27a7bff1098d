import { Field, ID, Int, ObjectType } from "type-graphql";
import { PageInfo } from "../node.js";
import { RoleEnum } from "../partner/partner.enums.js";
import { DateTimeScalar } from "../scalars.js";
import type { Role } from "../../auth/roles.js";

@ObjectType({
  simpleResolvers: true,
  description:
    "One entry of the hub's audit trail. Entries form a hash chain: `hash` is the SHA-256 (hex) of the\nprevious entry's hash followed by this entry's canonical content, so editing or deleting any stored\nentry breaks every hash after it.",
})
export class AuditEntry {
  @Field(() => Int, { description: "Position in the chain, 1, 2, 3 … with no gaps." })
  sequence!: number;

  @Field(() => DateTimeScalar)
  at!: Date;

  @Field(() => String, { nullable: true, description: "The token's `sub`; null for the hub's own work (workers, partner callbacks)." })
  actorSubject!: string | null;

  @Field(() => [RoleEnum])
  actorRoles!: Role[];

  @Field(() => String, { nullable: true })
  organizationCode!: string | null;

  @Field(() => String, {
    description:
      "What happened: the mutation's name (`registerSecurity`), `personalData.read`, `access.denied`, or a partner callback (`post.webhook`).",
  })
  action!: string;

  @Field(() => String, {
    description: "The kind of record acted on: dossier, securityRegistration, consultBooking, delivery, document, lawyer.",
  })
  entity!: string;

  @Field(() => ID, { nullable: true })
  entityId!: string | null;

  @Field(() => String, { nullable: true })
  requestId!: string | null;

  @Field(() => String, { description: "OK, or the SPEC §6 code the action was refused with." })
  outcome!: string;

  @Field(() => String)
  previousHash!: string;

  @Field(() => String)
  hash!: string;
}

@ObjectType({ simpleResolvers: true })
export class AuditEntryConnection {
  @Field(() => [AuditEntry])
  nodes!: AuditEntry[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

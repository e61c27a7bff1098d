import { Field, Int, ObjectType } from "type-graphql";
import type { Role } from "../../auth/roles.js";
import { Node } from "../node.js";
import { OrganizationKindEnum, ProcedureFieldEnum, RoleEnum } from "./partner.enums.js";

@ObjectType({ simpleResolvers: true, implements: Node })
export class Organization extends Node {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => OrganizationKindEnum)
  kind!: keyof typeof OrganizationKindEnum;
}

@ObjectType({ simpleResolvers: true, implements: Node, description: "A branch or reception point of the public administrative service center." })
export class Branch extends Node {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  address!: string;
}

@ObjectType({ simpleResolvers: true, implements: Node })
export class Procedure extends Node {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => ProcedureFieldEnum)
  field!: keyof typeof ProcedureFieldEnum;

  @Field(() => Int, { description: "Statutory processing time, in working days, counted from receipt." })
  processingDays!: number;

  @Field(() => Boolean)
  fullyOnline!: boolean;
}

@ObjectType({ simpleResolvers: true })
export class Viewer {
  @Field(() => String)
  subject!: string;

  @Field(() => [RoleEnum])
  roles!: Role[];

  @Field(() => Organization, { nullable: true })
  organization!: Organization | null;

  @Field(() => Branch, { nullable: true })
  branch!: Branch | null;
}

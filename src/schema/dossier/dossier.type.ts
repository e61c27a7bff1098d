import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import type { DossierStatus } from "../../db/schema/dossier.js";
import { Node, PageInfo } from "../node.js";
import { RoleEnum } from "../partner/partner.enums.js";
import { DateTimeScalar } from "../scalars.js";
import { DossierChannelEnum, DossierStatusEnum, ResultDeliveryMethodEnum } from "./dossier.enums.js";

@ObjectType({ simpleResolvers: true })
export class Applicant {
  @Field(() => String)
  fullName!: string;

  @Field(() => String, {
    description: "The national ID number with all but the last 3 digits masked, unless the viewer may see it whole.",
  })
  idNumber!: string;

  @Field(() => String, { nullable: true })
  phone!: string | null;
}

@ObjectType({ simpleResolvers: true })
export class DossierEvent {
  @Field(() => Int, { description: "Position in this dossier's history, 1, 2, 3 ... without gaps." })
  sequence!: number;

  @Field(() => ID)
  dossierId!: string;

  @Field(() => DossierStatusEnum)
  status!: DossierStatus;

  @Field(() => DateTimeScalar)
  at!: Date;

  @Field(() => RoleEnum, { nullable: true })
  actorRole!: string | null;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

/** Fields read straight from the dossier row; the rest are field resolvers in DossierFieldsResolver. */
@ObjectType({ simpleResolvers: true, implements: Node })
export class Dossier extends Node {
  @Field(() => String, { description: "The receipt code printed on the citizen's receipt slip." })
  code!: string;

  @Field(() => DossierChannelEnum)
  channel!: keyof typeof DossierChannelEnum;

  @Field(() => DossierStatusEnum)
  status!: DossierStatus;

  @Field(() => DateTimeScalar)
  submittedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  receivedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "The appointment date for the result, set on receipt." })
  dueAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: "Set when the center issued an apology and a new appointment date for a late result.",
  })
  apology!: string | null;

  @Field(() => ResultDeliveryMethodEnum)
  resultDelivery!: keyof typeof ResultDeliveryMethodEnum;

  @Field(() => Int, { description: "Increases by one on every change; pass it back as expectedVersion." })
  version!: number;
}

@ObjectType({ simpleResolvers: true })
export class DossierConnection {
  @Field(() => [Dossier])
  nodes!: Dossier[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

@ObjectType({ simpleResolvers: true, description: "What anyone holding the receipt code and the applicant's phone may see: no personal data." })
export class DossierTracking {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  procedureName!: string;

  @Field(() => DossierStatusEnum)
  status!: DossierStatus;

  @Field(() => DateTimeScalar, { nullable: true })
  dueAt!: Date | null;

  @Field(() => Boolean)
  overdue!: boolean;

  @Field(() => [DossierEvent])
  timeline!: DossierEvent[];
}

@ObjectType({ simpleResolvers: true })
export class ServiceStatistics {
  @Field(() => Int)
  received!: number;

  @Field(() => Int)
  finished!: number;

  @Field(() => Int)
  finishedOnTime!: number;

  @Field(() => Int)
  overdueOpen!: number;

  @Field(() => Float, { nullable: true, description: "Mean of the 1..5 ratings in the period; null when none." })
  satisfactionAverage!: number | null;

  @Field(() => Int)
  ratings!: number;
}

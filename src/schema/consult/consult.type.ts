import { Field, ObjectType } from "type-graphql";
import type { BookingStatusName, ConsultModeName, ConsultTopicName, LawyerKindName } from "../../db/queries/consult.js";
import { Node } from "../node.js";
import { DateTimeScalar } from "../scalars.js";
import { BookingStatusEnum, ConsultModeEnum, ConsultTopicEnum, LawyerKindEnum } from "./consult.enums.js";

/** Fields read straight from the row; id, lawFirm and verified are field resolvers. */
@ObjectType({ simpleResolvers: true, implements: Node })
export class Lawyer extends Node {
  @Field(() => String)
  fullName!: string;

  @Field(() => LawyerKindEnum)
  kind!: LawyerKindName;

  @Field(() => String, { description: "Membership number in the bar association." })
  barNumber!: string;

  @Field(() => [ConsultTopicEnum])
  specialties!: ConsultTopicName[];
}

@ObjectType({ simpleResolvers: true, implements: Node })
export class ConsultSlot extends Node {
  @Field(() => DateTimeScalar)
  startsAt!: Date;

  @Field(() => DateTimeScalar)
  endsAt!: Date;

  @Field(() => ConsultModeEnum)
  mode!: ConsultModeName;
}

/** How to reach the citizen: the phone is masked for viewers who are not party to the consult. */
@ObjectType({ simpleResolvers: true })
export class ConsultContact {
  @Field(() => String)
  fullName!: string;

  @Field(() => String)
  phone!: string;
}

@ObjectType({ simpleResolvers: true, implements: Node })
export class ConsultBooking extends Node {
  @Field(() => BookingStatusEnum)
  status!: BookingStatusName;

  @Field(() => ConsultTopicEnum)
  topic!: ConsultTopicName;

  @Field(() => ConsultModeEnum)
  mode!: ConsultModeName;

  @Field(() => String)
  question!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  startsAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  endsAt!: Date | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: "For a request: the earliest time the citizen can come." })
  preferredFrom!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "For a request: the latest time the consult may end." })
  preferredTo!: Date | null;

  @Field(() => String, { nullable: true, description: "Why it was cancelled, when it was." })
  cancelReason!: string | null;
}

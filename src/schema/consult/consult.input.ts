import { Field, InputType } from "type-graphql";
import type { ConsultModeName, ConsultTopicName } from "../../db/queries/consult.js";
import { DateTimeScalar } from "../scalars.js";
import { ConsultModeEnum, ConsultTopicEnum } from "./consult.enums.js";

@InputType()
export class SlotInput {
  @Field(() => DateTimeScalar)
  startsAt!: Date;

  @Field(() => DateTimeScalar)
  endsAt!: Date;

  @Field(() => ConsultModeEnum)
  mode!: ConsultModeName;

  @Field(() => String, { nullable: true, description: "Required for IN_PERSON." })
  branchCode?: string | null;
}

@InputType()
export class BookConsultInput {
  @Field(() => ConsultTopicEnum)
  topic!: ConsultTopicName;

  @Field(() => String)
  question!: string;

  @Field(() => String, { nullable: true })
  dossierCode?: string | null;

  @Field(() => String)
  contactName!: string;

  @Field(() => String)
  contactPhone!: string;
}

/** A request for the queue: what a booking asks, plus how and when the citizen can meet a lawyer. */
@InputType()
export class RequestConsultInput extends BookConsultInput {
  @Field(() => ConsultModeEnum)
  mode!: ConsultModeName;

  @Field(() => String, { nullable: true, description: "Required for IN_PERSON." })
  branchCode?: string | null;

  @Field(() => DateTimeScalar)
  preferredFrom!: Date;

  @Field(() => DateTimeScalar)
  preferredTo!: Date;
}

@InputType()
export class SlotFilter {
  @Field(() => DateTimeScalar)
  from!: Date;

  @Field(() => DateTimeScalar)
  to!: Date;

  @Field(() => ConsultTopicEnum, { nullable: true })
  topic?: ConsultTopicName | null;

  @Field(() => ConsultModeEnum, { nullable: true })
  mode?: ConsultModeName | null;

  @Field(() => String, { nullable: true })
  branchCode?: string | null;
}

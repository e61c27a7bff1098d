import { Field, InputType } from "type-graphql";
import type { DossierStatus } from "../../db/schema/dossier.js";
import { ProcedureFieldEnum } from "../partner/partner.enums.js";
import { DossierChannelEnum, DossierStatusEnum, ResultDeliveryMethodEnum } from "./dossier.enums.js";

@InputType()
export class ApplicantInput {
  @Field(() => String)
  fullName!: string;

  @Field(() => String, { description: "12-digit citizen identity number." })
  idNumber!: string;

  @Field(() => String)
  phone!: string;

  @Field(() => String)
  address!: string;
}

@InputType()
export class SubmitDossierInput {
  @Field(() => String)
  procedureCode!: string;

  @Field(() => DossierChannelEnum)
  channel!: keyof typeof DossierChannelEnum;

  @Field(() => ApplicantInput)
  applicant!: ApplicantInput;

  @Field(() => String, { nullable: true })
  branchCode?: string | null;

  @Field(() => ResultDeliveryMethodEnum)
  resultDelivery!: keyof typeof ResultDeliveryMethodEnum;

  @Field(() => String, { nullable: true, description: "Required when resultDelivery is BY_POST." })
  deliveryAddress?: string | null;
}

@InputType()
export class DossierFilter {
  @Field(() => [DossierStatusEnum], { nullable: true })
  status?: DossierStatus[] | null;

  @Field(() => ProcedureFieldEnum, { nullable: true })
  procedureField?: keyof typeof ProcedureFieldEnum | null;

  @Field(() => String, { nullable: true })
  branchCode?: string | null;

  @Field(() => Boolean, { nullable: true })
  overdue?: boolean | null;
}

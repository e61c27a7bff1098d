import { Field, Float, InputType } from "type-graphql";
import { ResultDeliveryMethodEnum } from "../dossier/dossier.enums.js";
import { DecimalScalar, LocalDateScalar } from "../scalars.js";
import { AttachedAssetKindEnum, PartyKindEnum, RegistrationStatusEnum, SecurityRegistrationKindEnum } from "./registration.enums.js";

@InputType()
export class PartyInput {
  @Field(() => PartyKindEnum)
  kind!: keyof typeof PartyKindEnum;

  @Field(() => String)
  fullName!: string;

  @Field(() => String)
  idNumber!: string;

  @Field(() => String)
  address!: string;
}

@InputType()
export class LandParcelInput {
  @Field(() => String)
  certificateSerial!: string;

  @Field(() => String)
  parcelNumber!: string;

  @Field(() => String)
  mapSheetNumber!: string;

  @Field(() => String)
  province!: string;

  @Field(() => String)
  district!: string;

  @Field(() => String)
  ward!: string;

  @Field(() => String)
  address!: string;

  @Field(() => Float)
  areaM2!: number;

  @Field(() => String)
  landUsePurpose!: string;
}

@InputType()
export class AttachedAssetInput {
  @Field(() => AttachedAssetKindEnum)
  kind!: keyof typeof AttachedAssetKindEnum;

  @Field(() => String)
  description!: string;

  @Field(() => String, { nullable: true })
  certificateSerial?: string | null;
}

@InputType()
export class SecuredObligationInput {
  @Field(() => String)
  contractNumber!: string;

  @Field(() => LocalDateScalar)
  contractDate!: string;

  @Field(() => DecimalScalar)
  amount!: string;

  @Field(() => String)
  currency!: string;
}

@InputType()
export class RegisterSecurityInput {
  @Field(() => [PartyInput])
  mortgagors!: PartyInput[];

  @Field(() => [LandParcelInput])
  parcels!: LandParcelInput[];

  @Field(() => [AttachedAssetInput], { nullable: true })
  attachedAssets?: AttachedAssetInput[] | null;

  @Field(() => SecuredObligationInput)
  obligation!: SecuredObligationInput;

  @Field(() => String)
  securityContractNumber!: string;

  @Field(() => LocalDateScalar)
  securityContractDate!: string;

  @Field(() => String, { nullable: true })
  branchCode?: string | null;

  @Field(() => ResultDeliveryMethodEnum)
  resultDelivery!: keyof typeof ResultDeliveryMethodEnum;

  @Field(() => String, { nullable: true })
  deliveryAddress?: string | null;
}

@InputType()
export class AmendSecurityInput {
  @Field(() => [PartyInput], { nullable: true })
  mortgagors?: PartyInput[] | null;

  @Field(() => [AttachedAssetInput], { nullable: true })
  attachedAssets?: AttachedAssetInput[] | null;

  @Field(() => SecuredObligationInput, { nullable: true })
  obligation?: SecuredObligationInput | null;

  @Field(() => String)
  note!: string;
}

@InputType()
export class SecurityRegistrationFilter {
  @Field(() => [RegistrationStatusEnum], { nullable: true })
  status?: (keyof typeof RegistrationStatusEnum)[] | null;

  @Field(() => [SecurityRegistrationKindEnum], { nullable: true })
  kind?: (keyof typeof SecurityRegistrationKindEnum)[] | null;

  @Field(() => String, { nullable: true })
  certificateSerial?: string | null;
}

import { Field, Float, Int, ObjectType } from "type-graphql";
import { Node, PageInfo } from "../node.js";
import { DateTimeScalar, DecimalScalar, LocalDateScalar } from "../scalars.js";
import { AttachedAssetKindEnum, PartyKindEnum, RegistrationStatusEnum, SecurityRegistrationKindEnum } from "./registration.enums.js";

@ObjectType({ simpleResolvers: true })
export class Party {
  @Field(() => PartyKindEnum)
  kind!: keyof typeof PartyKindEnum;

  @Field(() => String)
  fullName!: string;

  @Field(() => String)
  idNumber!: string;

  @Field(() => String)
  address!: string;
}

/** Fields from the registry's encumbrance; `mortgagee` is resolved against the catalog. */
@ObjectType({ simpleResolvers: true })
export class Encumbrance {
  @Field(() => String)
  registrationNumber!: string;

  @Field(() => DateTimeScalar)
  registeredAt!: Date;

  @Field(() => Int, { description: "1 for the first-ranking security on the parcel, counted over those still registered." })
  priorityRank!: number;

  @Field(() => RegistrationStatusEnum)
  status!: keyof typeof RegistrationStatusEnum;
}

/** Fields from the registry's parcel (or the bank's description of it); `encumbrances` always from the registry. */
@ObjectType({ simpleResolvers: true })
export class LandParcel {
  @Field(() => String, { description: "Serial number of the land use right certificate." })
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

@ObjectType({ simpleResolvers: true })
export class AttachedAsset {
  @Field(() => AttachedAssetKindEnum)
  kind!: keyof typeof AttachedAssetKindEnum;

  @Field(() => String)
  description!: string;

  @Field(() => String, { nullable: true })
  certificateSerial!: string | null;
}

@ObjectType({ simpleResolvers: true })
export class SecuredObligation {
  @Field(() => String)
  contractNumber!: string;

  @Field(() => LocalDateScalar)
  contractDate!: string;

  @Field(() => DecimalScalar)
  amount!: string;

  @Field(() => String)
  currency!: string;
}

@ObjectType({ simpleResolvers: true })
export class RegistrationEvent {
  @Field(() => Int)
  sequence!: number;

  @Field(() => RegistrationStatusEnum)
  status!: keyof typeof RegistrationStatusEnum;

  @Field(() => DateTimeScalar)
  at!: Date;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

/** Fields read straight from the registration row; the rest are field resolvers. */
@ObjectType({ simpleResolvers: true, implements: Node })
export class SecurityRegistration extends Node {
  @Field(() => SecurityRegistrationKindEnum)
  kind!: keyof typeof SecurityRegistrationKindEnum;

  @Field(() => RegistrationStatusEnum)
  status!: keyof typeof RegistrationStatusEnum;

  @Field(() => [AttachedAsset])
  attachedAssets!: AttachedAsset[];

  @Field(() => String)
  securityContractNumber!: string;

  @Field(() => LocalDateScalar)
  securityContractDate!: string;

  @Field(() => String, { nullable: true, description: "Assigned by the land registry when registered." })
  registrationNumber!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  registeredAt!: Date | null;

  @Field(() => String, { nullable: true })
  rejectionReason!: string | null;
}

@ObjectType({ simpleResolvers: true })
export class SecurityRegistrationConnection {
  @Field(() => [SecurityRegistration])
  nodes!: SecurityRegistration[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

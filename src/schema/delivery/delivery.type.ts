import { Field, Int, ObjectType } from "type-graphql";
import type { ShipmentStatus } from "../../integrations/post/types.js";
import { Node } from "../node.js";
import { DateTimeScalar } from "../scalars.js";
import { DeliveryStatusEnum } from "./delivery.enums.js";

/** Fields read straight from the document row; id, digitizedAt and downloadUrl are field resolvers. */
@ObjectType({ simpleResolvers: true, implements: Node })
export class Document extends Node {
  @Field(() => String)
  kind!: string;

  @Field(() => String)
  fileName!: string;

  @Field(() => String)
  contentType!: string;

  @Field(() => Int)
  sizeBytes!: number;

  @Field(() => String, { description: "Hex SHA-256 of the stored bytes." })
  sha256!: string;
}

@ObjectType({
  simpleResolvers: true,
  description: "Where to PUT the bytes of a new document: the document is listed once bytes matching sha256 and sizeBytes arrive.",
})
export class DocumentUpload {
  @Field(() => Document)
  document!: Document;

  @Field(() => String)
  uploadUrl!: string;

  @Field(() => DateTimeScalar)
  expiresAt!: Date;
}

@ObjectType({ simpleResolvers: true })
export class DeliveryEvent {
  @Field(() => DeliveryStatusEnum)
  status!: ShipmentStatus;

  @Field(() => DateTimeScalar)
  at!: Date;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

/** Fields read straight from the delivery row; events is a field resolver. */
@ObjectType({ simpleResolvers: true })
export class Delivery {
  @Field(() => String)
  trackingNumber!: string;

  @Field(() => DeliveryStatusEnum)
  status!: ShipmentStatus;

  @Field(() => String, { nullable: true, description: "The post's note on the current status, e.g. why a delivery failed." })
  statusNote!: string | null;
}

import { Ctx, FieldResolver, ID, Resolver, Root } from "type-graphql";
import type { DeliveryRow, DocumentRow } from "../../services/delivery/index.js";
import type { DossierRow } from "../../services/dossier/index.js";
import { Delivery, DeliveryEvent, Document } from "../../schema/delivery/delivery.type.js";
import { Dossier, DossierTracking } from "../../schema/dossier/dossier.type.js";
import { toGlobalId } from "../../schema/node.js";
import { DateTimeScalar } from "../../schema/scalars.js";
import type { HubContext } from "../context.js";

/** The delivery domain's fields on Dossier; the dossier itself was already checked readable. */
@Resolver(() => Dossier)
export class DossierDeliveryFieldsResolver {
  @FieldResolver(() => [Document])
  documents(@Root() dossier: DossierRow, @Ctx() { loaders }: HubContext) {
    return loaders.documents.load(dossier.id);
  }

  @FieldResolver(() => Delivery, { nullable: true })
  delivery(@Root() dossier: DossierRow, @Ctx() { loaders }: HubContext) {
    return loaders.delivery.load(dossier.id);
  }
}

/** Public tracking shows the delivery's status and the post's events: no personal data in them. */
@Resolver(() => DossierTracking)
export class DossierTrackingDeliveryResolver {
  @FieldResolver(() => Delivery, { nullable: true })
  delivery(@Root() tracking: { dossierId: string }, @Ctx() { loaders }: HubContext) {
    return loaders.delivery.load(tracking.dossierId);
  }
}

@Resolver(() => Document)
export class DocumentFieldsResolver {
  @FieldResolver(() => ID)
  id(@Root() document: DocumentRow) {
    return toGlobalId("Document", document.id);
  }

  /** A document is listed once stored; a pending one (only in createDocumentUpload's answer) shows when it was declared. */
  @FieldResolver(() => DateTimeScalar)
  digitizedAt(@Root() document: DocumentRow) {
    return document.storedAt ?? document.createdAt;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "A short-lived signed link to the bytes; null for viewers who may not read them.",
  })
  downloadUrl(@Root() document: DocumentRow, @Ctx() context: HubContext) {
    return context.services.delivery.documents.downloadUrl(document, context);
  }
}

@Resolver(() => Delivery)
export class DeliveryFieldsResolver {
  @FieldResolver(() => [DeliveryEvent])
  events(@Root() delivery: DeliveryRow, @Ctx() { loaders }: HubContext) {
    return loaders.deliveryEvents.load(delivery.id);
  }
}

import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { Allow } from "../../auth/access.js";
import { Delivery, DocumentUpload } from "../../schema/delivery/delivery.type.js";
import { DossierConnection } from "../../schema/dossier/dossier.type.js";
import { idOf } from "../../schema/node.js";
import type { HubContext } from "../context.js";

@Resolver()
export class DeliveryResolver {
  @Allow("POST_CLERK", "CENTER_STAFF")
  @Query(() => DossierConnection, {
    description:
      "A post clerk's or center staff member's queue at their own branch (the token's branch), oldest first:\n" +
      "dossiers to receive (SUBMITTED for that branch), to digitize (RECEIVED) and results to hand over or dispatch (RESULT_READY).",
  })
  worklist(
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() { caller, services }: HubContext,
  ) {
    return services.dossier.worklist.list(caller!, first, after);
  }

  @Allow("POST_CLERK", "CENTER_STAFF")
  @Mutation(() => DocumentUpload)
  createDocumentUpload(
    @Arg("dossierId", () => ID) dossierId: string,
    @Arg("kind", () => String) kind: string,
    @Arg("fileName", () => String) fileName: string,
    @Arg("contentType", () => String) contentType: string,
    @Arg("sizeBytes", () => Int) sizeBytes: number,
    @Arg("sha256", () => String) sha256: string,
    @Ctx() { caller, services }: HubContext,
  ) {
    return services.delivery.documents.createUpload(caller!, idOf("Dossier", dossierId, "dossierId"), {
      kind,
      fileName,
      contentType,
      sizeBytes,
      sha256,
    });
  }

  @Allow("POST_CLERK", "CENTER_STAFF")
  @Mutation(() => Delivery, {
    description: "Hand the result to the post for delivery to the applicant's address (resultDelivery BY_POST).",
  })
  dispatchResult(@Arg("dossierId", () => ID) dossierId: string, @Ctx() { caller, services }: HubContext) {
    return services.delivery.deliveries.dispatch(caller!, idOf("Dossier", dossierId, "dossierId"));
  }
}

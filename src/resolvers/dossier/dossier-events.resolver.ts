import { Arg, ID, Int, Resolver, Root, Subscription } from "type-graphql";
import { Allow, declaredCaller } from "../../auth/access.js";
import type { DossierEventRow } from "../../services/dossier/index.js";
import { DossierEvent } from "../../schema/dossier/dossier.type.js";
import { idOf } from "../../schema/node.js";
import type { HubContext } from "../context.js";

@Resolver()
export class DossierEventsResolver {
  @Allow("ANY_ROLE")
  @Subscription(() => DossierEvent, {
    description: "Each new event of a dossier the viewer may read; with afterSequence, first replays the missed ones.",
    subscribe: (resolverData) => {
      const { args } = resolverData;
      const caller = declaredCaller(resolverData);
      const { services } = resolverData.context as HubContext;
      return services.dossier.events.subscribe(caller, idOf("Dossier", args.dossierId as string, "dossierId"), args.afterSequence);
    },
  })
  dossierEvents(
    @Root() event: DossierEventRow,
    @Arg("dossierId", () => ID) _dossierId: string,
    @Arg("afterSequence", () => Int, { nullable: true }) _afterSequence: number | null,
  ) {
    return event;
  }
}

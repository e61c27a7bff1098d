import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import { Allow } from "../auth/access.js";
import { Node, parseGlobalId } from "../schema/node.js";
import type { HubContext } from "./context.js";

/** How `node(id)` finds each type, with the same access rules as the type's own query. */
type NodeFetcher = (id: string, context: HubContext) => object | null | undefined | Promise<object | null | undefined>;

const nodeFetchers: Record<string, NodeFetcher> = {
  Organization: (id, { services }) => services.partner.catalog.organization(id),
  Branch: (id, { services }) => services.partner.catalog.branch(id),
  Procedure: (id, { services }) => services.partner.catalog.procedure(id),
  Dossier: (id, { caller, services }) => services.dossier.dossiers.get(caller!, { id }),
  SecurityRegistration: (id, { caller, services }) => services.registration.registrations.get(caller!, id),
  Lawyer: (id, { loaders }) => loaders.lawyer.load(id),
  ConsultSlot: (id, { services }) => services.consult.slots.get(id),
  ConsultBooking: (id, { caller, services }) => services.consult.bookings.get(caller!, id),
  Document: (id, { caller, services }) => services.delivery.documents.get(caller!, id),
  WebhookEndpoint: (id, { caller, services }) => services.webhook.endpoints.get(caller!, id),
  WebhookDelivery: (id, { caller, services }) => services.webhook.endpoints.getDelivery(caller!, id),
};

@Resolver()
export class NodeResolver {
  @Allow("ANY_ROLE")
  @Query(() => Node, { nullable: true })
  async node(@Arg("id", () => ID) id: string, @Ctx() context: HubContext) {
    const parsed = parseGlobalId(id);
    const fetch = parsed ? nodeFetchers[parsed.type] : undefined;
    if (!parsed || !fetch) return null;
    const found = await fetch(parsed.id, context);
    return found ? { ...found, __typename: parsed.type } : null;
  }
}

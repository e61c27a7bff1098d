import { Arg, Ctx, ID, Resolver, Root, Subscription } from "type-graphql";
import { Allow, declaredCaller } from "../../auth/access.js";
import type { RegistrationRow } from "../../services/registration/index.js";
import { idOf } from "../../schema/node.js";
import { SecurityRegistration } from "../../schema/registration/registration.type.js";
import type { HubContext } from "../context.js";
import { clearLoaders } from "../../services/loaders.js";

@Resolver()
export class RegistrationEventsResolver {
  @Allow("BANK_OFFICER", "CENTER_STAFF", "ADMIN", "PARTNER_APP")
  @Subscription(() => SecurityRegistration, {
    description: "Every change to the viewer's bank's registrations (bank officers), or to one registration.",
    subscribe: (resolverData) => {
      const { args } = resolverData;
      const caller = declaredCaller(resolverData);
      const { services } = resolverData.context as HubContext;
      const id = args.id ? idOf("SecurityRegistration", args.id as string, "id") : null;
      return services.registration.events.subscribe(caller, id);
    },
  })
  securityRegistrationUpdated(
    @Root() registration: RegistrationRow,
    @Arg("id", () => ID, { nullable: true }) _id: string | null,
    @Ctx() { loaders }: HubContext,
  ) {
    // The subscription's loaders outlive one event; each event's fields read what is current.
    clearLoaders(loaders);
    return registration;
  }
}

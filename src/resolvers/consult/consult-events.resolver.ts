import { Ctx, Resolver, Root, Subscription } from "type-graphql";
import { Allow, declaredCaller } from "../../auth/access.js";
import type { ConsultBookingRow } from "../../services/consult/index.js";
import { ConsultBooking } from "../../schema/consult/consult.type.js";
import type { HubContext } from "../context.js";
import { clearLoaders } from "../../services/loaders.js";

@Resolver()
export class ConsultEventsResolver {
  @Allow("ANY_ROLE")
  @Subscription(() => ConsultBooking, {
    description: "For a lawyer: new requests matching their specialties and changes to their bookings; for others: their own bookings.",
    subscribe: (resolverData) => {
      const caller = declaredCaller(resolverData);
      const { services } = resolverData.context as HubContext;
      return services.consult.events.subscribe(caller);
    },
  })
  consultBookingChanged(@Root() booking: ConsultBookingRow, @Ctx() { loaders }: HubContext) {
    // The subscription's loaders outlive one event: each event's fields (lawyer.verified, the
    // caller's own lawyer record deciding outcome and contact) read what is current.
    clearLoaders(loaders);
    return booking;
  }
}

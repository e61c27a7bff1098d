import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { Allow } from "../../auth/access.js";
import type { ConsultTopicName, LawyerKindName } from "../../services/consult/index.js";
import { ConsultTopicEnum, LawyerKindEnum } from "../../schema/consult/consult.enums.js";
import { BookConsultInput, RequestConsultInput, SlotFilter, SlotInput } from "../../schema/consult/consult.input.js";
import { ConsultBooking, ConsultSlot, Lawyer } from "../../schema/consult/consult.type.js";
import { idOf } from "../../schema/node.js";
import { DateTimeScalar } from "../../schema/scalars.js";
import type { HubContext } from "../context.js";

@Resolver()
export class ConsultResolver {
  @Allow("ANY_ROLE")
  @Query(() => [Lawyer])
  lawyers(
    @Arg("topic", () => ConsultTopicEnum, { nullable: true }) topic: ConsultTopicName | null,
    @Arg("kind", () => LawyerKindEnum, { nullable: true }) kind: LawyerKindName | null,
    @Ctx() { services }: HubContext,
  ) {
    return services.consult.lawyers.list({ topic, kind });
  }

  @Allow("ANY_ROLE")
  @Query(() => [ConsultSlot])
  availableSlots(@Arg("filter", () => SlotFilter) filter: SlotFilter, @Ctx() { services, loaders }: HubContext) {
    return services.consult.slots.available(filter, loaders);
  }

  @Allow("LAWYER")
  @Query(() => [ConsultSlot], { description: "A lawyer's own slots starting in [from, to) (at most 31 days), booked or not, in order." })
  myConsultSlots(
    @Arg("from", () => DateTimeScalar) from: Date,
    @Arg("to", () => DateTimeScalar) to: Date,
    @Ctx() { caller, services }: HubContext,
  ) {
    return services.consult.slots.mine(caller!, from, to);
  }

  @Allow("ANY_ROLE")
  @Query(() => ConsultBooking, { nullable: true })
  consultBooking(@Arg("id", () => ID) id: string, @Ctx() { caller, services }: HubContext) {
    return services.consult.bookings.get(caller!, idOf("ConsultBooking", id));
  }

  @Allow("ANY_ROLE")
  @Query(() => [ConsultBooking])
  myConsultBookings(@Ctx() { caller, services }: HubContext) {
    return services.consult.bookings.mine(caller!);
  }

  @Allow("LAWYER")
  @Query(() => [ConsultBooking], { description: "Open consult requests a lawyer may take, oldest first." })
  consultRequestQueue(
    @Arg("topic", () => ConsultTopicEnum, { nullable: true }) topic: ConsultTopicName | null,
    @Ctx() { caller, services }: HubContext,
  ) {
    return services.consult.bookings.queue(caller!, topic);
  }

  @Allow("CENTER_STAFF", "ADMIN")
  @Query(() => [ConsultBooking], {
    description: "Upcoming confirmed consults whose lawyer the bar association's roster no longer lists as ACTIVE, soonest first.",
  })
  flaggedConsultBookings(@Ctx() { services }: HubContext) {
    return services.consult.bookings.flagged();
  }

  @Allow("LAWYER")
  @Mutation(() => [ConsultSlot])
  publishConsultSlots(@Arg("slots", () => [SlotInput]) slots: SlotInput[], @Ctx() { caller, services }: HubContext) {
    return services.consult.slots.publish(caller!, slots);
  }

  @Allow("CITIZEN", "CENTER_STAFF")
  @Mutation(() => ConsultBooking)
  bookConsultSlot(
    @Arg("slotId", () => ID) slotId: string,
    @Arg("input", () => BookConsultInput) input: BookConsultInput,
    @Ctx() { caller, services }: HubContext,
  ) {
    return services.consult.bookings.book(caller!, idOf("ConsultSlot", slotId, "slotId"), input);
  }

  @Allow("CITIZEN", "CENTER_STAFF")
  @Mutation(() => ConsultBooking)
  requestConsult(@Arg("input", () => RequestConsultInput) input: RequestConsultInput, @Ctx() { caller, services }: HubContext) {
    return services.consult.bookings.request(caller!, input);
  }

  @Allow("LAWYER")
  @Mutation(() => ConsultBooking)
  takeConsultRequest(
    @Arg("id", () => ID) id: string,
    @Arg("startsAt", () => DateTimeScalar) startsAt: Date,
    @Arg("endsAt", () => DateTimeScalar) endsAt: Date,
    @Ctx() { caller, services }: HubContext,
  ) {
    return services.consult.lifecycle.take(caller!, idOf("ConsultBooking", id), startsAt, endsAt);
  }

  @Allow("CITIZEN", "CENTER_STAFF", "LAWYER")
  @Mutation(() => ConsultBooking)
  cancelConsultBooking(@Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string, @Ctx() { caller, services }: HubContext) {
    return services.consult.lifecycle.cancel(caller!, idOf("ConsultBooking", id), reason);
  }

  @Allow("LAWYER")
  @Mutation(() => ConsultBooking)
  completeConsultBooking(
    @Arg("id", () => ID) id: string,
    @Arg("outcome", () => String) outcome: string,
    @Ctx() { caller, services }: HubContext,
  ) {
    return services.consult.lifecycle.complete(caller!, idOf("ConsultBooking", id), outcome);
  }

  @Allow("LAWYER")
  @Mutation(() => ConsultBooking, {
    description: "The lawyer records that the citizen did not come (or answer); only once the consult was due to begin.",
  })
  markConsultNoShow(
    @Arg("id", () => ID) id: string,
    @Arg("note", () => String, { nullable: true }) note: string | null,
    @Ctx() { caller, services }: HubContext,
  ) {
    return services.consult.lifecycle.noShow(caller!, idOf("ConsultBooking", id), note);
  }
}

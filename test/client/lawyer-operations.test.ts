/**
 * The lawyer's operations (lawyer.graphql) and the citizen's consult bookings (citizen.graphql)
 * through the client: slots published and booked, a request taken from the queue (and seen live),
 * completed once begun, and a booking cancelled. The hub's clock is moved to complete consults.
 */
import { describe, expect, it } from "vitest";
import {
  AvailableSlotsDocument,
  BookConsultSlotDocument,
  CancelConsultBookingDocument,
  CompleteConsultBookingDocument,
  ConsultBookingChangedDocument,
  ConsultRequestQueueDocument,
  MyConsultBookingsDocument,
  PublishConsultSlotsDocument,
  RequestConsultDocument,
  TakeConsultRequestDocument,
  type HubClient,
} from "../../clients/typescript/src/index.js";
import { hanoi, lawyerToken, addRosterMember, workday } from "../consult/consult-factory.js";
import { useTestHub, type TestHub } from "../support/hub.js";
import { hubClient, take } from "./client-factory.js";

let hub: TestHub;
let lawyer: HubClient;
let citizen: HubClient;
let clockOffsetMs = 0;
const day = workday(7);

useTestHub(
  async (started) => {
    hub = started;
    const member = addRosterMember(hub, { practiceAreas: ["LAND", "FAMILY"] });
    lawyer = hubClient(hub, await lawyerToken(hub, member));
    citizen = hubClient(hub, await hub.token({ role: "CITIZEN", sub: "citizen-consults" }));
  },
  { now: () => new Date(Date.now() + clockOffsetMs) },
);

const contact = { contactName: "Le Thi Hoa", contactPhone: "0912345678" };

describe("a lawyer and a citizen through the client", () => {
  it("publishes slots a citizen finds and books, and completes the consult once it has begun", async () => {
    const { publishConsultSlots } = await lawyer.request(PublishConsultSlotsDocument, {
      slots: [
        { startsAt: hanoi(day, "09:00"), endsAt: hanoi(day, "09:30"), mode: "IN_PERSON", branchCode: "HN-PASC-B01" },
        { startsAt: hanoi(day, "10:00"), endsAt: hanoi(day, "10:30"), mode: "ONLINE" },
      ],
    });
    expect(publishConsultSlots).toMatchObject([{ mode: "IN_PERSON", available: true, branch: { code: "HN-PASC-B01" } }, { mode: "ONLINE", branch: null }]);

    const { availableSlots } = await citizen.request(AvailableSlotsDocument, {
      filter: { from: hanoi(day, "00:00"), to: hanoi(day, "23:59"), topic: "LAND", mode: "IN_PERSON" },
    });
    const slot = availableSlots.find((s) => s.id === publishConsultSlots[0]!.id);
    expect(slot).toMatchObject({ lawyer: { verified: true } });

    const { bookConsultSlot } = await citizen.request(BookConsultSlotDocument, {
      slotId: slot!.id,
      input: { topic: "LAND", question: "Can my neighbour build on the shared boundary?", ...contact },
    });
    expect(bookConsultSlot).toMatchObject({ status: "CONFIRMED", startsAt: slot!.startsAt, lawyer: { barNumber: expect.any(String) } });
    expect((await citizen.request(MyConsultBookingsDocument)).myConsultBookings.map((b) => b.id)).toContain(bookConsultSlot.id);

    clockOffsetMs = Date.parse(hanoi(day, "09:40")) - Date.now();
    try {
      const { completeConsultBooking } = await lawyer.request(CompleteConsultBookingDocument, { id: bookConsultSlot.id, outcome: "Advice given" });
      expect(completeConsultBooking).toMatchObject({ status: "COMPLETED", outcome: "Advice given" });
    } finally {
      clockOffsetMs = 0;
    }
  });

  it("sees a matching request live, takes it from the queue, and cancels it", async () => {
    const changes = lawyer.subscribe(ConsultBookingChangedDocument);
    await new Promise((resolve) => setTimeout(resolve, 300)); // subscribed before the request
    const { requestConsult } = await citizen.request(RequestConsultDocument, {
      input: {
        topic: "FAMILY",
        mode: "PHONE",
        question: "How do I register an inheritance of land?",
        preferredFrom: hanoi(day, "13:00"),
        preferredTo: hanoi(day, "17:00"),
        ...contact,
      },
    });
    expect(requestConsult).toMatchObject({ status: "REQUESTED", lawyer: null });
    const [announced] = await take(changes, 1);
    expect(announced!.consultBookingChanged).toMatchObject({ id: requestConsult.id, status: "REQUESTED" });

    const { consultRequestQueue } = await lawyer.request(ConsultRequestQueueDocument, { topic: "FAMILY" });
    expect(consultRequestQueue.map((b) => b.id)).toContain(requestConsult.id);
    const { takeConsultRequest } = await lawyer.request(TakeConsultRequestDocument, {
      id: requestConsult.id,
      startsAt: hanoi(day, "14:00"),
      endsAt: hanoi(day, "14:30"),
    });
    expect(takeConsultRequest).toMatchObject({ status: "CONFIRMED", startsAt: hanoi(day, "14:00") });
    expect((await lawyer.request(MyConsultBookingsDocument)).myConsultBookings.map((b) => b.id)).toContain(requestConsult.id);

    const { cancelConsultBooking } = await lawyer.request(CancelConsultBookingDocument, { id: requestConsult.id, reason: "Called away to court" });
    expect(cancelConsultBooking.status).toBe("CANCELLED");
    await changes.close();
  });
});

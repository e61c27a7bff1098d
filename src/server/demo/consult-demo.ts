/**
 * Consult demo data for `npm start` (once, on a database without lawyers): a Lawyer record for
 * every member of the bundled roster, slots for the coming working days, one booking and one open
 * request by the demo citizen. Skipped when the roster cannot be listed (a real roster URL).
 */
import type { Caller } from "../../auth/caller.js";
import type { HubServices } from "../../services/index.js";
import { fromHanoiLocal } from "../../services/partner/working-calendar.js";
import type { Database } from "../../db/client.js";
import { anyLawyerExists } from "../../db/queries/consult.js";

const DEMO_CITIZEN_SUBJECT = "citizen-demo";

/** Who offers what each demo day: bar number, local start–end, mode, branch. */
const DAILY_SLOTS: Array<[string, string, string, "IN_PERSON" | "ONLINE" | "PHONE", string | null]> = [
  ["HBA-0001", "09:00", "09:30", "IN_PERSON", "HN-PASC-B01"],
  ["HBA-0001", "09:30", "10:00", "IN_PERSON", "HN-PASC-B01"],
  ["HBA-0001", "14:00", "14:30", "ONLINE", null],
  ["HBA-0002", "10:00", "10:30", "IN_PERSON", "HN-PASC-B02"],
  ["HBA-0002", "15:00", "15:30", "PHONE", null],
  ["HBA-0101", "08:30", "09:30", "IN_PERSON", "HN-PASC-B05"],
  ["HBA-0010", "13:30", "14:15", "PHONE", null],
  ["HBA-0016", "16:00", "16:45", "ONLINE", null],
];

export async function seedConsultDemo(db: Database, services: HubServices): Promise<void> {
  if (await anyLawyerExists(db)) return;
  if ((await services.consult.lawyers.provisionFromRoster()) === 0) return;
  const catalog = await services.partner.catalog.get();

  const days: string[] = [];
  for (let day = nextDay(localToday()); days.length < 5; day = nextDay(day)) {
    if (catalog.calendar.isWorkingDay(day)) days.push(day);
  }
  const byLawyer = new Map<string, Array<{ startsAt: Date; endsAt: Date; mode: "IN_PERSON" | "ONLINE" | "PHONE"; branchCode: string | null }>>();
  for (const day of days) {
    for (const [barNumber, from, to, mode, branchCode] of DAILY_SLOTS) {
      const slots = byLawyer.get(barNumber) ?? [];
      slots.push({ startsAt: fromHanoiLocal(day, from), endsAt: fromHanoiLocal(day, to), mode, branchCode });
      byLawyer.set(barNumber, slots);
    }
  }
  const lawyers = new Map((await services.consult.lawyers.list({})).map((lawyer) => [lawyer.barNumber, lawyer]));
  const published = [];
  for (const [barNumber, slots] of byLawyer) {
    const lawyer = lawyers.get(barNumber);
    if (!lawyer || lawyer.rosterStatus !== "ACTIVE") continue;
    const firm = lawyer.lawFirmOrgId ? catalog.organizationsById.get(lawyer.lawFirmOrgId)! : catalog.organizationsByCode.get("HBA")!;
    published.push(...(await services.consult.slots.publish(demoViewer(`lawyer-${barNumber}`, ["LAWYER"], firm, barNumber), slots)));
  }

  const citizen = demoViewer(DEMO_CITIZEN_SUBJECT, ["CITIZEN"], null, null);
  const contact = { contactName: "Nguyen Van An", contactPhone: "0912345678" };
  if (published[0]) {
    await services.consult.bookings.book(citizen, published[0].id, {
      topic: "LAND",
      question: "My neighbour is building over our shared boundary. What can I do?",
      ...contact,
    });
  }
  await services.consult.bookings.request(citizen, {
    topic: "FAMILY",
    mode: "PHONE",
    question: "How is a house divided after a divorce when only one spouse is on the certificate?",
    preferredFrom: fromHanoiLocal(days[1]!, "08:00"),
    preferredTo: fromHanoiLocal(days[1]!, "17:00"),
    ...contact,
  });
}

function demoViewer(subject: string, roles: Caller["roles"], organization: Caller["organization"], barNumber: string | null): Caller {
  return { subject, roles, name: null, organization, branch: null, barNumber, expiresAt: new Date(Date.now() + 60_000), fits: true };
}

function localToday(): string {
  return new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/**
 * The catalog every hub serves: the partner organizations, the center's branches, the procedures
 * it receives and the working calendar. Seeded (idempotently) at start; all of it is data that an
 * operator may change in the tables, not rules in code.
 */
import type { calendarDays, organizations, procedures } from "../schema/partner.js";

type NewOrganization = typeof organizations.$inferInsert;
type NewProcedure = typeof procedures.$inferInsert;
type NewCalendarDay = typeof calendarDays.$inferInsert;

export const organizationCatalog: NewOrganization[] = [
  { code: "HN-PASC", name: "Hanoi Public Administrative Service Center", kind: "SERVICE_CENTER" },
  { code: "VNPOST-HN", name: "Hanoi Post Office (Vietnam Post)", kind: "POST_OFFICE" },
  { code: "VCB", name: "Joint Stock Commercial Bank for Foreign Trade of Vietnam (Vietcombank)", kind: "BANK" },
  { code: "BIDV", name: "Joint Stock Commercial Bank for Investment and Development of Vietnam (BIDV)", kind: "BANK" },
  { code: "AGRIBANK", name: "Vietnam Bank for Agriculture and Rural Development (Agribank)", kind: "BANK" },
  { code: "TCB", name: "Vietnam Technological and Commercial Joint Stock Bank (Techcombank)", kind: "BANK" },
  { code: "HBA", name: "Hanoi Bar Association", kind: "BAR_ASSOCIATION" },
  { code: "TRANANH-LAW", name: "Tran Anh Law Firm", kind: "LAW_FIRM" },
  { code: "HN-LRO", name: "Hanoi Land Registration Office", kind: "LAND_REGISTRY" },
];

const branchDistricts = [
  "Hoan Kiem", "Ba Dinh", "Dong Da", "Hai Ba Trung", "Cau Giay", "Thanh Xuan",
  "Hoang Mai", "Long Bien", "Tay Ho", "Ha Dong", "Nam Tu Liem", "Bac Tu Liem",
];

export const branchCatalog = branchDistricts.map((district, i) => {
  const number = String(i + 1).padStart(2, "0");
  return {
    code: `HN-PASC-B${number}`,
    name: `Branch No. ${i + 1} — ${district}`,
    address: `Public Administrative Service Center, Branch No. ${i + 1}, ${district} district, Ha Noi`,
  };
});

const securityRegistration = (code: string, name: string): NewProcedure => ({
  code,
  name,
  field: "SECURITY_REGISTRATION",
  processingDays: 0,
  fullyOnline: true,
  sameDayCutoff: "15:00",
});

const constructionPermits: Array<[string, number]> = [
  ["Construction permit for a detached house", 15],
  ["Construction permit for a new building (grade III and IV works)", 20],
  ["Construction permit for repair or renovation", 20],
  ["Construction permit for relocation of works", 20],
  ["Adjustment of a construction permit", 10],
  ["Extension of a construction permit", 5],
  ["Re-issue of a construction permit", 5],
  ["Construction permit with a term", 20],
  ["Construction permit for advertising works", 15],
  ["Construction permit for technical infrastructure lines", 20],
  ["Construction permit for religious and belief works", 20],
  ["Construction permit for works in a project", 20],
];

export const procedureCatalog: NewProcedure[] = [
  securityRegistration("SR-01", "Registration of a security measure over land use rights and assets attached to land"),
  securityRegistration("SR-02", "Registration of changes to a registered security measure"),
  securityRegistration("SR-03", "Deregistration of a security measure"),
  securityRegistration("SR-04", "Correction of errors in a registered security measure"),
  securityRegistration("SR-05", "Registration of a notice of collateral enforcement"),
  ...constructionPermits.map(([name, processingDays], i) => ({
    code: `CP-${String(i + 1).padStart(2, "0")}`,
    name,
    field: "CONSTRUCTION_PERMIT" as const,
    processingDays,
    fullyOnline: true,
    sameDayCutoff: null,
  })),
  { code: "JR-01", name: "Issue of a criminal record certificate", field: "JUDICIAL_RECORD", processingDays: 10, fullyOnline: false, sameDayCutoff: null },
];

const holiday = (day: string, name: string): NewCalendarDay => ({ day, kind: "HOLIDAY", name });
const workingSaturday = (day: string, name: string): NewCalendarDay => ({ day, kind: "WORKING_DAY", name });

/** Public holidays and swapped days, 2025–2027, as announced (later years: as expected by the Labour Code). */
export const workingCalendar: NewCalendarDay[] = [
  holiday("2025-01-01", "New Year's Day"),
  ...["2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31"].map((d) => holiday(d, "Lunar New Year (Tet)")),
  holiday("2025-04-07", "Hung Kings Commemoration Day"),
  workingSaturday("2025-04-26", "Working Saturday in exchange for 2 May"),
  holiday("2025-04-30", "Reunification Day"),
  holiday("2025-05-01", "International Labour Day"),
  holiday("2025-05-02", "Day off in exchange for 26 April"),
  holiday("2025-09-01", "National Day"),
  holiday("2025-09-02", "National Day"),

  holiday("2026-01-01", "New Year's Day"),
  ...["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"].map((d) => holiday(d, "Lunar New Year (Tet)")),
  holiday("2026-04-27", "Hung Kings Commemoration Day (in lieu of Sunday 26 April)"),
  holiday("2026-04-30", "Reunification Day"),
  holiday("2026-05-01", "International Labour Day"),
  holiday("2026-09-01", "National Day"),
  holiday("2026-09-02", "National Day"),

  holiday("2027-01-01", "New Year's Day"),
  ...["2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"].map((d) => holiday(d, "Lunar New Year (Tet)")),
  holiday("2027-04-16", "Hung Kings Commemoration Day"),
  holiday("2027-04-30", "Reunification Day"),
  holiday("2027-05-03", "International Labour Day (in lieu of Saturday 1 May)"),
  holiday("2027-09-02", "National Day"),
  holiday("2027-09-03", "National Day"),
];

/**
 * The bar roster the bundled simulator serves in development and tests: 120 members, the same
 * on every run (a seeded generator), so docs and tests can name them.
 *
 * - HBA-0001 … HBA-0100: law firm TRANANH-LAW; HBA-0101 … HBA-0120: individual members ("HBA").
 * - About 75% LAWYER, the rest TRAINEE; 1–3 practice areas each, every consult topic covered.
 * - All ACTIVE except HBA-0099 (SUSPENDED), HBA-0100 (DISBARRED) and HBA-0117 (SUSPENDED, a trainee).
 */
import { CONSULT_TOPIC_NAMES, type ConsultTopicName, type RosterMember } from "./types.js";

const LAW_FIRM_MEMBERS = 100;
const INDIVIDUAL_MEMBERS = 20;
const LAWYER_SHARE = 0.75;
const SEED = 0x4a2b_0c19;

// Pinned so that docs and tests do not depend on what the generator happens to produce.
export const DEMO_ACTIVE_LAWYER = pinned({
  barNumber: "HBA-0001",
  fullName: "Nguyen Van An",
  kind: "LAWYER",
  status: "ACTIVE",
  lawFirmCode: "TRANANH-LAW",
  practiceAreas: ["LAND", "SECURITY_REGISTRATION"],
});
const DEMO_TRAINEE = pinned({
  barNumber: "HBA-0002",
  fullName: "Tran Thi Mai",
  kind: "TRAINEE",
  status: "ACTIVE",
  lawFirmCode: "TRANANH-LAW",
  practiceAreas: ["FAMILY", "ADMINISTRATIVE"],
});
export const DEMO_SUSPENDED_LAWYER = pinned({
  barNumber: "HBA-0099",
  fullName: "Pham Thi Thu Ha",
  kind: "LAWYER",
  status: "SUSPENDED",
  lawFirmCode: "TRANANH-LAW",
  practiceAreas: ["LAND", "FAMILY"],
});
export const DEMO_DISBARRED_LAWYER = pinned({
  barNumber: "HBA-0100",
  fullName: "Le Quang Hung",
  kind: "LAWYER",
  status: "DISBARRED",
  lawFirmCode: "TRANANH-LAW",
  practiceAreas: ["BUSINESS"],
});
/** An individual member of the bar association, not with a law firm. */
export const DEMO_INDIVIDUAL_LAWYER = pinned({
  barNumber: "HBA-0101",
  fullName: "Hoang Minh Duc",
  kind: "LAWYER",
  status: "ACTIVE",
  lawFirmCode: "HBA",
  practiceAreas: ["CONSTRUCTION", "COMPLAINT"],
});
const DEMO_SUSPENDED_TRAINEE = pinned({
  barNumber: "HBA-0117",
  fullName: "Vu Thi Lan",
  kind: "TRAINEE",
  status: "SUSPENDED",
  lawFirmCode: "HBA",
  practiceAreas: ["OTHER"],
});
/** A well-formed bar number the roster does not list. */
export const DEMO_UNKNOWN_BAR_NUMBER = "HBA-9999";

const PINNED = [
  DEMO_ACTIVE_LAWYER,
  DEMO_TRAINEE,
  DEMO_SUSPENDED_LAWYER,
  DEMO_DISBARRED_LAWYER,
  DEMO_INDIVIDUAL_LAWYER,
  DEMO_SUSPENDED_TRAINEE,
];

// Common Vietnamese names, without diacritics.
const FAMILY_NAMES = [
  "Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui",
  "Do", "Ho", "Ngo", "Duong", "Ly", "Phan", "Trinh", "Dinh",
];
const MALE_MIDDLE_NAMES = ["Van", "Duc", "Minh", "Quang", "Huu", "Thanh", "Tuan", "Cong", "Xuan", "Manh"];
const FEMALE_MIDDLE_NAMES = ["Thi", "Thu", "Ngoc", "Thanh", "Phuong", "Hong", "Thi Thu", "Minh", "Kim", "Bich"];
const MALE_GIVEN_NAMES = [
  "An", "Binh", "Cuong", "Dung", "Hai", "Hieu", "Hung", "Khoa", "Long",
  "Nam", "Phong", "Quan", "Son", "Thang", "Trung", "Viet", "Tuan", "Dat",
];
const FEMALE_GIVEN_NAMES = [
  "Anh", "Chi", "Ha", "Hoa", "Huong", "Lan", "Linh", "Mai", "Nhung",
  "Phuong", "Quynh", "Thao", "Trang", "Yen", "Hang", "Giang", "Ngan", "Tam",
];

export function demoRoster(): RosterMember[] {
  const random = mulberry32(SEED);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const pinned = new Map(PINNED.map((entry) => [entry.barNumber, entry]));
  const namesTaken = new Set(PINNED.map((entry) => entry.fullName));

  const roster: RosterMember[] = [];
  for (let index = 1; index <= LAW_FIRM_MEMBERS + INDIVIDUAL_MEMBERS; index++) {
    const barNumber = `HBA-${String(index).padStart(4, "0")}`;
    const fixed = pinned.get(barNumber);
    if (fixed) {
      roster.push({ ...fixed, practiceAreas: [...fixed.practiceAreas] });
      continue;
    }

    const female = random() < 0.5;
    let fullName: string;
    do {
      fullName = female
        ? `${pick(FAMILY_NAMES)} ${pick(FEMALE_MIDDLE_NAMES)} ${pick(FEMALE_GIVEN_NAMES)}`
        : `${pick(FAMILY_NAMES)} ${pick(MALE_MIDDLE_NAMES)} ${pick(MALE_GIVEN_NAMES)}`;
    } while (namesTaken.has(fullName));
    namesTaken.add(fullName);

    // The first area walks through the topics in turn, which is what guarantees every topic is covered.
    const practiceAreas = new Set<ConsultTopicName>([CONSULT_TOPIC_NAMES[index % CONSULT_TOPIC_NAMES.length]!]);
    const extraAreas = Math.floor(random() * 3);
    for (let extra = 0; extra < extraAreas; extra++) practiceAreas.add(pick(CONSULT_TOPIC_NAMES));

    roster.push({
      barNumber,
      fullName,
      kind: random() < LAWYER_SHARE ? "LAWYER" : "TRAINEE",
      status: "ACTIVE",
      lawFirmCode: index <= LAW_FIRM_MEMBERS ? "TRANANH-LAW" : "HBA",
      practiceAreas: [...practiceAreas],
    });
  }
  return roster;
}

function pinned(entry: RosterMember): Readonly<RosterMember> {
  return Object.freeze({ ...entry, practiceAreas: Object.freeze(entry.practiceAreas) as ConsultTopicName[] });
}

/** Small, well-known 32-bit PRNG (Tommy Ettinger's Mulberry32); plenty for demo data. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The bench's lawyers, as the bar roster lists them: the seeder stores them as `lawyers` rows and
 * the roster simulator serves the same members, so a roster refresh during a long soak changes
 * nothing. Every lawyer practises two topics; about a quarter of them LAND.
 */
import { CONSULT_TOPIC_NAMES, type RosterMember } from "../../src/integrations/bar-roster/types.js";

const FAMILY = ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Phan", "Vu", "Do"];
const GIVEN = ["Thanh Son", "Thi Huong", "Minh Tuan", "Ngoc Anh", "Van Long", "Thu Trang"];

export function benchRoster(lawyers: number): RosterMember[] {
  const topics = CONSULT_TOPIC_NAMES;
  return Array.from({ length: lawyers }, (_, i) => {
    const first = topics[i % topics.length]!;
    const second = topics[(i * 3 + 1) % topics.length]!;
    return {
      barNumber: `HBA-${1001 + i}`,
      fullName: `${FAMILY[i % FAMILY.length]} ${GIVEN[(i >> 3) % GIVEN.length]}`,
      kind: i % 4 === 3 ? "TRAINEE" : "LAWYER",
      status: "ACTIVE",
      lawFirmCode: i % 3 === 0 ? "TRANANH-LAW" : "HBA",
      practiceAreas: first === second ? [first] : [first, second],
    };
  });
}

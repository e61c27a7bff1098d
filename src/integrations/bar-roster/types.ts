/**
 * What the bar association's roster says about one member (SPEC §3 "Bar association roster API").
 * The value lists are arrays so the client can check an answer against them at run time.
 */

/** Mirrors `enum ConsultTopic` in the GraphQL contract. */
export const CONSULT_TOPIC_NAMES = [
  "LAND",
  "SECURITY_REGISTRATION",
  "CONSTRUCTION",
  "BUSINESS",
  "FAMILY",
  "ADMINISTRATIVE",
  "COMPLAINT",
  "OTHER",
] as const;
export type ConsultTopicName = (typeof CONSULT_TOPIC_NAMES)[number];

export const ROSTER_MEMBER_KINDS = ["LAWYER", "TRAINEE"] as const;
type RosterMemberKind = (typeof ROSTER_MEMBER_KINDS)[number];

export const ROSTER_MEMBER_STATUSES = ["ACTIVE", "SUSPENDED", "DISBARRED"] as const;
export type RosterMemberStatus = (typeof ROSTER_MEMBER_STATUSES)[number];

export interface RosterMember {
  barNumber: string;
  fullName: string;
  kind: RosterMemberKind;
  status: RosterMemberStatus;
  /** Organization code of the member's law firm; "HBA" for individual members of the bar association. */
  lawFirmCode: string | null;
  practiceAreas: ConsultTopicName[];
}

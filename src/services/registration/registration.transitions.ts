/**
 * The security-registration state machine of SPEC §3 as one table. Every move is the land
 * registry's word, applied by the outbox worker (RegistryOutcomes) through RegistrationLedger.move,
 * which enforces the table; the bank only creates a registration (SUBMITTED).
 */
import { registrationStatus } from "../../db/schema/registration.js";
import { StateMachine, type Transition } from "../state-machine.js";

export type RegistrationStatus = (typeof registrationStatus.enumValues)[number];

/** LAND_REGISTRY: a decision of the registry, or its refusal (a 4xx) of the request. */
export type RegistrationMover = "LAND_REGISTRY";

const FOLLOW_UP_GUARD = "a registered follow-up acting on it";

const registry: RegistrationMover[] = ["LAND_REGISTRY"];

const moves: Array<Transition<RegistrationStatus, RegistrationMover>> = [
  { from: "SUBMITTED", to: "FORWARDED", who: registry },
  { from: "SUBMITTED", to: "REJECTED", who: registry },
  { from: "FORWARDED", to: "REGISTERED", who: registry },
  { from: "FORWARDED", to: "SUPPLEMENT_REQUESTED", who: registry },
  { from: "FORWARDED", to: "REJECTED", who: registry },
  // An amendment, correction or enforcement notice, once registered, changes its subject in place.
  { from: "REGISTERED", to: "REGISTERED", who: registry, guard: FOLLOW_UP_GUARD },
  { from: "REGISTERED", to: "DEREGISTERED", who: registry, guard: FOLLOW_UP_GUARD },
];

export const registrationMachine = new StateMachine<RegistrationStatus, RegistrationMover>({
  name: "Security registration",
  states: registrationStatus.enumValues,
  initial: [{ state: "SUBMITTED", who: ["BANK_OFFICER (for their own bank)"] }],
  transitions: moves,
  notes: [
    "A registration and its outbox row are written in one transaction; the outbox worker forwards it with the same idempotency key until the registry answers.",
    "A registry answer of 202 RECEIVED is FORWARDED; REGISTERED, REJECTED or SUPPLEMENT_REQUESTED follow when it decides (polled).",
    "Each move also moves the SR dossier as SYSTEM along the dossier machine (RECEIVED → IN_PROCESSING → APPROVED/REJECTED → RESULT_READY).",
  ],
});

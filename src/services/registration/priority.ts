/**
 * Priority among securities over one parcel (SPEC §3): the registry's registration times decide,
 * first registered ranks first, counted over the registrations still REGISTERED. Released ones
 * are left out, so releasing rank 1 moves everyone up. Pure: the registry's list in, ranks out.
 */
import type { RegistryEncumbrance } from "../../integrations/land-registry/types.js";

export interface RankedEncumbrance {
  registrationNumber: string;
  registeredAt: Date;
  priorityRank: number;
  mortgageeCode: string;
  status: "REGISTERED";
}

export function rankEncumbrances(encumbrances: readonly RegistryEncumbrance[]): RankedEncumbrance[] {
  return encumbrances
    .filter((encumbrance) => encumbrance.status === "REGISTERED")
    .map((encumbrance) => ({ ...encumbrance, registeredAt: new Date(encumbrance.registeredAt) }))
    .sort(
      (a, b) =>
        a.registeredAt.getTime() - b.registeredAt.getTime() ||
        (a.registrationNumber < b.registrationNumber ? -1 : a.registrationNumber > b.registrationNumber ? 1 : 0),
    )
    .map((encumbrance, index) => ({
      registrationNumber: encumbrance.registrationNumber,
      registeredAt: encumbrance.registeredAt,
      priorityRank: index + 1,
      mortgageeCode: encumbrance.mortgageeCode,
      status: "REGISTERED" as const,
    }));
}

/** The rank of one registration number on the parcel, or null when it is not (or no longer) registered there. */
export function rankOf(encumbrances: readonly RegistryEncumbrance[], registrationNumber: string): number | null {
  return rankEncumbrances(encumbrances).find((e) => e.registrationNumber === registrationNumber)?.priorityRank ?? null;
}

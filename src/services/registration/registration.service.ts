/**
 * Reading security registrations and parcels (SPEC §1, §3): what each caller may see of a record
 * (its existence, the secured obligation, the parties' ID numbers), and what the land registry
 * says about parcels and priority, read live through the operation's DataLoader.
 */
import { createHash } from "node:crypto";
import type DataLoader from "dataloader";
import type { Caller } from "../../auth/caller.js";
import type { Database } from "../../db/client.js";
import type { OrganizationRow } from "../../db/queries/partner.js";
import {
  findRegistration,
  registrationProjection,
  searchRegistrations,
  type RegistrationColumn,
  type RegistrationKindName,
  type RegistrationReadAhead,
  type RegistrationRow,
  type RegistrationStatusName,
} from "../../db/queries/registration.js";
import type { StoredParty } from "../../db/schema/registration.js";
import type { RegistryParcel } from "../../integrations/land-registry/types.js";
import { dossierProjection, type DossierColumn, type DossierRow } from "../../db/queries/dossier.js";
import type { FieldContext } from "../field-context.js";
import type { Loaders } from "../loaders.js";
import type { PersonalDataReads } from "../audit/audit-trail.js";
import type { Catalog } from "../partner/catalog.js";
import { decodeCursor, encodeCursor, page, pageSize } from "../validation.js";
import { OBLIGATION_COLUMNS, obligationOf } from "./registration-content.js";
import {
  assertMayLookUpParcels,
  canReadRegistration,
  MORTGAGOR_COLUMNS,
  registrationScope,
  seesObligation,
  mortgagorsAsSeenBy,
} from "./registration.policy.js";
import { certificateSerial } from "./registration.validation.js";
import { rankEncumbrances, rankOf, type RankedEncumbrance } from "./priority.js";

export type ParcelLoader = DataLoader<string, RegistryParcel | null>;

/**
 * What the field answers below read of a registration — a row cut for the field carries these:
 * `obligation` (who may see it, and it), `priorityRank` (whether it is registered, where, as what).
 */
export const OBLIGATION_FIELD_COLUMNS = ["mortgageeOrgId", ...OBLIGATION_COLUMNS] as const satisfies readonly RegistrationColumn[];
export const PRIORITY_COLUMNS = ["status", "registrationNumber", "certificateSerials"] as const satisfies readonly RegistrationColumn[];

export interface RegistrationFilterInput {
  status?: RegistrationStatusName[] | null;
  kind?: RegistrationKindName[] | null;
  certificateSerial?: string | null;
}

export class RegistrationService {
  constructor(private readonly deps: { db: Database; catalog: Catalog }) {}

  async get(caller: Caller, id: string): Promise<RegistrationRow | null> {
    const registration = await findRegistration(this.deps.db, id);
    return registration && canReadRegistration(caller, registration) ? registration : null;
  }

  /**
   * `securityRegistrations`: a page and its count — a bank officer's own bank's registrations;
   * everything for center staff, admins and the registry. `readAhead` names what the selection reads:
   * the rows' `columns`, and their dossier (with `dossierColumns`, only those of it) and history, which
   * come in the page's statement and wait in `loaders` (every column of what has no columns named).
   */
  async search(
    caller: Caller,
    filter: RegistrationFilterInput | null | undefined,
    first?: number | null,
    after?: string | null,
    readAhead?: {
      parts: ReadonlySet<RegistrationReadAhead>;
      columns?: readonly RegistrationColumn[] | undefined;
      dossierColumns?: readonly DossierColumn[] | undefined;
      loaders: Loaders;
    },
  ) {
    const size = pageSize(first);
    const dossierColumns = readAhead?.dossierColumns && dossierProjection(readAhead.dossierColumns);
    const { rows, totalCount, read } = await searchRegistrations(
      this.deps.db,
      {
        scope: registrationScope(caller),
        statuses: filter?.status ?? undefined,
        kinds: filter?.kind ?? undefined,
        certificateSerial: filter?.certificateSerial ? certificateSerial("filter.certificateSerial", filter.certificateSerial) : undefined,
        after: decodeCursor(after),
        limit: size + 1,
        // The cursor reads createdAt (and the id every projection has).
        columns: readAhead?.columns && registrationProjection([...readAhead.columns, "createdAt"]),
      },
      readAhead?.parts,
      dossierColumns,
    );
    if (readAhead) {
      rows.forEach((row, i) => {
        const { dossier, history } = read[i]!;
        if (dossier) readAhead.loaders.primeDossier(dossier, dossierColumns);
        if (history) readAhead.loaders.registrationEvents.prime(row.id, history);
      });
    }
    return { ...page(rows, size, (row) => encodeCursor(row.createdAt, row.id)), totalCount };
  }

  /** The parcel as the land registry knows it; null when the registry has none with that serial. */
  async landParcel(caller: Caller, serial: string, parcels: ParcelLoader): Promise<RegistryParcel | null> {
    assertMayLookUpParcels(caller);
    return parcels.load(certificateSerial("certificateSerial", serial));
  }

  /** Registered securities over the parcel, first-ranking first. */
  async encumbrances(serial: string, parcels: ParcelLoader): Promise<RankedEncumbrance[]> {
    const parcel = await parcels.load(serial);
    return parcel ? rankEncumbrances(parcel.encumbrances) : [];
  }

  /** Its rank on its first parcel, as the registry counts it now; null unless it is REGISTERED there. */
  async priorityRank(registration: Pick<RegistrationRow, (typeof PRIORITY_COLUMNS)[number]>, parcels: ParcelLoader): Promise<number | null> {
    if (registration.status !== "REGISTERED" || !registration.registrationNumber) return null;
    const first = registration.certificateSerials[0];
    const parcel = first ? await parcels.load(first) : null;
    return parcel ? rankOf(parcel.encumbrances, registration.registrationNumber) : null;
  }

  mortgagors(caller: Caller, registration: Pick<RegistrationRow, (typeof MORTGAGOR_COLUMNS)[number]>, audit: PersonalDataReads): StoredParty[] {
    return mortgagorsAsSeenBy(caller, registration, audit);
  }

  obligation(caller: Caller, registration: Pick<RegistrationRow, (typeof OBLIGATION_FIELD_COLUMNS)[number]>) {
    return seesObligation(caller, registration) ? obligationOf(registration) : null;
  }

  /** A dossier's registration, when the caller may read it. */
  async ofDossier(dossier: DossierRow, context: FieldContext): Promise<RegistrationRow | null> {
    const registration = await context.loaders.registrationByDossier.load(dossier.id);
    return registration && context.caller && canReadRegistration(context.caller, registration) ? registration : null;
  }

  async organization(id: string): Promise<OrganizationRow> {
    return (await this.deps.catalog.get()).organizationsById.get(id)!;
  }

  /**
   * The registry names mortgagees by code. A lender the hub does not know (not all of them use the
   * hub) still shows, as a bank with that code and a stable stand-in id.
   */
  async mortgageeByCode(code: string): Promise<OrganizationRow> {
    const known = (await this.deps.catalog.get()).organizationsByCode.get(code);
    return known ?? { id: standInId(code), code, name: code, kind: "BANK" };
  }
}

function standInId(code: string): string {
  const hex = createHash("sha256").update(`registry-mortgagee:${code}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

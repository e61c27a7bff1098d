/**
 * Lawyers come from the bar association's roster (SPEC §3, §4): a LAWYER token's bar number is
 * looked up (through the adapter's short cache) and its Lawyer record made or refreshed. A lawyer
 * the roster no longer lists as ACTIVE may do nothing that commits them to a consult, and their
 * confirmed consults still to come are flagged to the center in the same transaction.
 */
import { hasRole, type Caller } from "../../auth/caller.js";
import type { Database } from "../../db/client.js";
import {
  clearFlags,
  findLawyerByBarNumber,
  flagUpcomingBookings,
  listLawyers,
  upsertLawyer,
  type ConsultTopicName,
  type LawyerKindName,
  type LawyerRow,
} from "../../db/queries/consult.js";
import type { BarRosterClient } from "../../integrations/bar-roster/client.js";
import type { RosterMember } from "../../integrations/bar-roster/types.js";
import { PartnerRejectedError, PartnerUnavailableError } from "../../integrations/partner-errors.js";
import { describeInternalError, type Logger } from "../../logger.js";
import { forbidden, HubError, upstreamUnavailable } from "../../errors.js";
import type { Catalog } from "../partner/catalog.js";
import type { ConsultFeed } from "./consult-feed.js";

/** A stored roster answer this old is written again even if unchanged, so checkedAt stays meaningful. */
const RECHECK_WRITE_MS = 10 * 60_000;
const ROSTER = "bar association roster";

export interface LawyerDirectoryDeps {
  db: Database;
  catalog: Catalog;
  roster: BarRosterClient;
  feed: ConsultFeed;
  logger: Logger;
  now: () => Date;
  /** The whole roster, where the roster can list it (the bundled simulator); for demo provisioning. */
  listRoster?: () => Promise<RosterMember[]>;
}

export class LawyerDirectory {
  constructor(private readonly deps: LawyerDirectoryDeps) {}

  /**
   * The caller's Lawyer record as the roster describes them now. FORBIDDEN for a token without a
   * bar number, one the roster does not list, or one from another law firm than the member's.
   * When the roster cannot answer, the stored record serves for what does not commit the lawyer.
   */
  async identify(caller: Caller): Promise<LawyerRow> {
    const barNumber = this.barNumberOf(caller);
    try {
      return await this.checkedLawyer(caller, barNumber);
    } catch (error) {
      if (!(error instanceof HubError && error.code === "UPSTREAM_UNAVAILABLE")) throw error;
      const stored = await findLawyerByBarNumber(this.deps.db, barNumber);
      if (!stored) throw error;
      return stored;
    }
  }

  /** For publishing, taking and confirming: the roster must answer, and say ACTIVE. */
  async requireActive(caller: Caller): Promise<LawyerRow> {
    const lawyer = await this.checkedLawyer(caller, this.barNumberOf(caller));
    if (lawyer.rosterStatus !== "ACTIVE") {
      throw forbidden(`The bar association's roster lists ${lawyer.barNumber} as ${lawyer.rosterStatus}: no new consults until the roster lists you as ACTIVE`);
    }
    return lawyer;
  }

  /** `Caller.lawyer`: the record, or null for anyone who is not a lawyer the roster lists. */
  async forViewer(caller: Caller): Promise<LawyerRow | null> {
    if (!hasRole(caller, "LAWYER") || !caller.barNumber) return null;
    try {
      return await this.identify(caller);
    } catch (error) {
      if (error instanceof HubError && error.code !== "INTERNAL_SERVER_ERROR") return null;
      throw error;
    }
  }

  /** Whether a slot's lawyer may still be booked; the stored status answers while the roster is down. */
  async isBookable(lawyer: LawyerRow): Promise<boolean> {
    try {
      return (await this.refresh(lawyer.barNumber))?.rosterStatus === "ACTIVE";
    } catch (error) {
      if (error instanceof HubError && error.code === "UPSTREAM_UNAVAILABLE") return lawyer.rosterStatus === "ACTIVE";
      throw error;
    }
  }

  /** Asks the roster (cached) and stores its answer; null when it does not list the bar number. */
  async refresh(barNumber: string): Promise<LawyerRow | null> {
    const member = await this.rosterMember(barNumber);
    if (!member) {
      // Struck off the roster entirely: as good as disbarred for the hub.
      const stored = await findLawyerByBarNumber(this.deps.db, barNumber);
      return stored ? this.store({ ...memberOf(stored, await this.firmCodeOf(stored)), status: "DISBARRED" }, stored) : null;
    }
    return this.store(member, await findLawyerByBarNumber(this.deps.db, barNumber));
  }

  list(filter: { topic?: ConsultTopicName | null; kind?: LawyerKindName | null }): Promise<LawyerRow[]> {
    return listLawyers(this.deps.db, { topic: filter.topic ?? undefined, kind: filter.kind ?? undefined });
  }

  /** Demo data: a Lawyer record for every member of a roster that can be listed. Returns how many. */
  async provisionFromRoster(): Promise<number> {
    if (!this.deps.listRoster) return 0;
    const members = await this.deps.listRoster();
    for (const member of members) await this.store(member, await findLawyerByBarNumber(this.deps.db, member.barNumber));
    return members.length;
  }

  private barNumberOf(caller: Caller): string {
    if (!hasRole(caller, "LAWYER") || !caller.barNumber) throw forbidden("Only a lawyer's token with a bar_number may do this");
    return caller.barNumber;
  }

  private async checkedLawyer(caller: Caller, barNumber: string): Promise<LawyerRow> {
    const member = await this.rosterMember(barNumber);
    if (!member) throw forbidden(`The bar association's roster does not list ${barNumber}`);
    const org = caller.organization;
    if (org?.kind === "LAW_FIRM" && member.lawFirmCode !== org.code) {
      throw forbidden(`The roster lists ${barNumber} with ${member.lawFirmCode ?? "no law firm"}, not ${org.code}`);
    }
    return this.store(member, await findLawyerByBarNumber(this.deps.db, barNumber));
  }

  private async rosterMember(barNumber: string): Promise<RosterMember | null> {
    try {
      return await this.deps.roster.getMember(barNumber);
    } catch (error) {
      if (error instanceof PartnerUnavailableError || error instanceof PartnerRejectedError) {
        this.deps.logger.warn({ error: describeInternalError(error), barNumber }, "bar roster did not answer");
        throw upstreamUnavailable(ROSTER);
      }
      throw error;
    }
  }

  private async firmCodeOf(lawyer: LawyerRow): Promise<string | null> {
    if (!lawyer.lawFirmOrgId) return null;
    return (await this.deps.catalog.get()).organizationsById.get(lawyer.lawFirmOrgId)?.code ?? null;
  }

  /**
   * Writes the roster's answer when it differs from the stored record (or that is old), and in the
   * same transaction flags — or, once ACTIVE again, unflags — the lawyer's upcoming consults.
   */
  private async store(member: RosterMember, stored: LawyerRow | undefined): Promise<LawyerRow> {
    const firm = member.lawFirmCode ? (await this.deps.catalog.get()).organizationsByCode.get(member.lawFirmCode) : undefined;
    const now = this.deps.now();
    const values = {
      barNumber: member.barNumber,
      fullName: member.fullName,
      kind: member.kind,
      lawFirmOrgId: firm?.id ?? null,
      specialties: [...member.practiceAreas],
      rosterStatus: member.status,
    };
    if (stored && sameRecord(stored, values) && now.getTime() - stored.checkedAt.getTime() < RECHECK_WRITE_MS) return stored;

    const statusChanged = stored?.rosterStatus !== member.status;
    return this.deps.db.transaction(async (tx) => {
      const lawyer = await upsertLawyer(tx, { ...values, checkedAt: now });
      if (statusChanged || member.status !== "ACTIVE") {
        const reason = `The bar association's roster lists ${member.barNumber} (${member.fullName}) as ${member.status}`;
        const changed =
          member.status === "ACTIVE" ? await clearFlags(tx, lawyer.id, now) : await flagUpcomingBookings(tx, lawyer.id, reason, now);
        for (const booking of changed) await this.deps.feed.record(tx, booking, now);
      }
      return lawyer;
    });
  }
}

function sameRecord(stored: LawyerRow, values: Omit<LawyerRow, "id" | "checkedAt" | "createdAt">): boolean {
  return (
    stored.fullName === values.fullName &&
    stored.kind === values.kind &&
    stored.lawFirmOrgId === values.lawFirmOrgId &&
    stored.rosterStatus === values.rosterStatus &&
    stored.specialties.length === values.specialties.length &&
    stored.specialties.every((topic) => values.specialties.includes(topic))
  );
}

function memberOf(lawyer: LawyerRow, lawFirmCode: string | null): RosterMember {
  return {
    barNumber: lawyer.barNumber,
    fullName: lawyer.fullName,
    kind: lawyer.kind,
    status: lawyer.rosterStatus,
    lawFirmCode,
    practiceAreas: lawyer.specialties,
  };
}

/**
 * Lawyers publish the times they offer; citizens look for free ones (SPEC §4). Publishing is all
 * or nothing: the slots are inserted in one statement, and the database refuses the whole lot when
 * any of them overlaps another (given or stored) of the same lawyer.
 */
import type { AuditLog } from "../audit/audit-log.js";
import type { Caller } from "../../auth/caller.js";
import type { Database } from "../../db/client.js";
import {
  findSlot,
  insertSlots,
  lawyerSlots,
  searchAvailableSlots,
  type ConsultModeName,
  type ConsultSlotRow,
  type ConsultTopicName,
  type LawyerRow,
  type NewConsultSlot,
} from "../../db/queries/consult.js";
import { badInput } from "../../errors.js";
import type { Catalog, CatalogSnapshot } from "../partner/catalog.js";
import type { Loaders } from "../loaders.js";
import { refusingConflicts } from "./consult-conflicts.js";
import { assertConsultTime, assertWindow, MAX_SLOTS_PER_CALL } from "./consult-times.js";
import type { LawyerDirectory } from "./lawyer-directory.js";

export interface SlotInput {
  startsAt: Date;
  endsAt: Date;
  mode: ConsultModeName;
  branchCode?: string | null;
}

export interface SlotFilterInput {
  from: Date;
  to: Date;
  topic?: ConsultTopicName | null;
  mode?: ConsultModeName | null;
  branchCode?: string | null;
}

const MAX_SLOTS_LISTED = 500;

export class ConsultSlotService {
  constructor(private readonly deps: { db: Database; audit: AuditLog; catalog: Catalog; lawyers: LawyerDirectory; now: () => Date }) {}

  async publish(caller: Caller, slots: SlotInput[]): Promise<ConsultSlotRow[]> {
    if (slots.length === 0) throw badInput("slots", "Give at least one slot");
    if (slots.length > MAX_SLOTS_PER_CALL) throw badInput("slots", `Publish at most ${MAX_SLOTS_PER_CALL} slots at once`);
    const catalog = await this.deps.catalog.get();
    const now = this.deps.now();
    // Input first, so bad input answers BAD_USER_INPUT whoever asks; then the roster.
    const rows = slots.map((slot, index) => slotRow(`slots.${index}`, slot, catalog, now));
    const lawyer = await this.deps.lawyers.requireActive(caller);
    return refusingConflicts(() =>
      this.deps.db.transaction(async (tx) => {
        const published = await insertSlots(tx, rows.map((row) => ({ ...row, lawyerId: lawyer.id, createdAt: now })));
        await this.deps.audit.record(tx, { action: "publishConsultSlots", entity: "lawyer", entityId: lawyer.id });
        return published;
      }),
    );
  }

  /** A lawyer's day (or any window up to 31 days): their slots, booked or not. */
  async mine(caller: Caller, from: Date, to: Date): Promise<ConsultSlotRow[]> {
    assertWindow({ from: "from", to: "to" }, from, to);
    const lawyer = await this.deps.lawyers.identify(caller);
    return lawyerSlots(this.deps.db, lawyer.id, from, to);
  }

  async get(id: string): Promise<ConsultSlotRow | null> {
    return (await findSlot(this.deps.db, id)) ?? null;
  }

  /** `ConsultSlot.available`: published, still to come, held by no booking, its lawyer in good standing. */
  isAvailable(slot: ConsultSlotRow, held: boolean, lawyer: LawyerRow | null): boolean {
    return slot.origin === "PUBLISHED" && !held && slot.startsAt > this.deps.now() && lawyer?.rosterStatus === "ACTIVE";
  }

  /** `availableSlots`: the slots, their lawyers read with them and left in `loaders` for the slots' `lawyer` fields. */
  async available(filter: SlotFilterInput, loaders: Loaders): Promise<ConsultSlotRow[]> {
    assertWindow({ from: "filter.from", to: "filter.to" }, filter.from, filter.to);
    const code = filter.branchCode?.trim();
    const branchId = code ? branchIdOf("filter.branchCode", code, await this.deps.catalog.get()) : undefined;
    const now = this.deps.now();
    const { slots, lawyers } = await searchAvailableSlots(this.deps.db, {
      from: filter.from > now ? filter.from : now,
      to: filter.to,
      topic: filter.topic ?? undefined,
      mode: filter.mode ?? undefined,
      branchId,
      limit: MAX_SLOTS_LISTED,
    });
    loaders.primeLawyers(lawyers);
    return slots;
  }
}

function slotRow(field: string, slot: SlotInput, catalog: CatalogSnapshot, now: Date): Omit<NewConsultSlot, "lawyerId"> {
  assertConsultTime(field, slot, now, catalog.calendar);
  const branchId = consultBranch(field, slot.mode, slot.branchCode, catalog);
  return { startsAt: slot.startsAt, endsAt: slot.endsAt, mode: slot.mode, branchId, origin: "PUBLISHED" };
}

/** In-person consults are held at a branch, which must be named; the others at none. */
export function consultBranch(field: string, mode: ConsultModeName, branchCode: string | null | undefined, catalog: CatalogSnapshot): string | null {
  const code = branchCode?.trim();
  if (mode !== "IN_PERSON") {
    if (code) throw badInput(`${field}.branchCode`, "branchCode is only for IN_PERSON consults");
    return null;
  }
  if (!code) throw badInput(`${field}.branchCode`, "An IN_PERSON consult needs a branchCode");
  return branchIdOf(`${field}.branchCode`, code, catalog);
}

function branchIdOf(field: string, code: string, catalog: CatalogSnapshot): string {
  const branch = catalog.branchesByCode.get(code);
  // The code is echoed only in part: it may be anything up to the body limit.
  if (!branch) throw badInput(field, `Unknown branch ${JSON.stringify(code.slice(0, 40))}: the branches are HN-PASC-B01 … HN-PASC-B12`);
  return branch.id;
}

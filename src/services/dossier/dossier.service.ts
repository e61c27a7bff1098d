/**
 * The rules of SPEC §2 for the dossier operations of the API. Resolvers call these with the
 * caller; every change runs in one transaction through the DossierLedger.
 */
import type { Caller } from "../../auth/caller.js";
import type { Database, Executor } from "../../db/client.js";
import type { ProcedureRow } from "../../db/queries/partner.js";
import {
  dossierProjection,
  dossierStatistics,
  eventProjection,
  findDossier,
  findDossierWithRelations,
  lockDossier,
  searchDossiers,
  type DossierColumn,
  type DossierRelation,
  type DossierRow,
  type EventColumn,
  type RelationsToRead,
} from "../../db/queries/dossier.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { Loaders } from "../loaders.js";
import { badInput, conflict, forbidden, notFound } from "../../errors.js";
import type { Catalog, CatalogSnapshot } from "../partner/catalog.js";
import { decodeCursor, encodeCursor, page, pageSize } from "../validation.js";
import { canReadDossier, dossierScope, moverKinds, worksAtBranch } from "./dossier.policy.js";
import { DossierLedger, type Actor } from "./dossier-ledger.js";
import { validateSubmission, type SubmissionInput } from "./dossier.validation.js";
import { dossierMachine, type DossierStatus } from "./dossier.transitions.js";
import { formatHanoiLocal } from "../partner/working-calendar.js";
import * as v from "../validation.js";

export interface DossierServiceDeps {
  db: Database;
  audit: AuditLog;
  catalog: Catalog;
  ledger: DossierLedger;
  now: () => Date;
}

/** Extra rules for one move, registered by other domains (e.g. DIGITIZED needs a stored document). */
export type TransitionGuard = (tx: Executor, dossier: DossierRow) => Promise<void>;

/** The API's dossier mutations, as the audit trail names them. */
type DossierMutation = "receiveDossier" | "transitionDossier" | "withdrawDossier" | "rescheduleDossier";

/**
 * What a selection reads of its dossiers: which of their columns (`columns`, for a page's rows),
 * which relations, and which of its timeline events' columns (every column without `columns` or
 * `eventColumns`); the relations are read with the dossiers and primed into `loaders`.
 */
export interface Prefetch {
  columns?: readonly DossierColumn[] | undefined;
  relations: ReadonlySet<DossierRelation>;
  eventColumns?: readonly EventColumn[] | undefined;
  loaders: Loaders;
}

const relationsToRead = (prefetch: Prefetch): RelationsToRead => ({
  parts: prefetch.relations,
  eventColumns: prefetch.eventColumns && eventProjection(prefetch.eventColumns),
});

export interface DossierFilterInput {
  status?: DossierStatus[] | null;
  procedureField?: ProcedureRow["field"] | null;
  branchCode?: string | null;
  overdue?: boolean | null;
}

export class DossierService {
  private readonly guards = new Map<string, TransitionGuard>();

  constructor(private readonly deps: DossierServiceDeps) {}

  /** Implements a guard the transition table names (another module's rule, e.g. a stored document). */
  implementGuard(name: string, guard: TransitionGuard): void {
    if (!dossierMachine.definition.transitions.some((move) => move.guard === name)) {
      throw new Error(`No dossier move is guarded by "${name}"`);
    }
    this.guards.set(name, guard);
  }

  async submit(caller: Caller, input: SubmissionInput): Promise<DossierRow> {
    const catalog = await this.deps.catalog.get();
    const submission = validateSubmission(caller, input, catalog);
    const at = this.deps.now();
    return this.deps.db.transaction(async (tx) => {
      const dossier = await this.deps.ledger.open(tx, submission, actorFor(caller), { at, note: `Submitted via ${submission.channel}` });
      await this.deps.audit.record(tx, { action: "submitDossier", entity: "dossier", entityId: dossier.id });
      return dossier;
    });
  }

  /**
   * `dossier(id, code)`: exactly one of them; the receipt code as printed, in any case. `prefetch`
   * names the relations the selection reads (and the timeline's columns it reads): they come in the
   * same statement as the dossier, and wait in the operation's loaders for its fields.
   */
  async find(caller: Caller, by: { id: string | null; code: string | null }, prefetch?: Prefetch): Promise<DossierRow | null> {
    if ((by.id === null) === (by.code === null || by.code === "")) throw badInput("id", "Give exactly one of id and code");
    const key = by.id !== null ? { id: by.id } : { code: v.receiptCode("code", by.code!) };
    if (!prefetch || prefetch.relations.size === 0) return this.get(caller, key);
    const read = relationsToRead(prefetch);
    const found = await findDossierWithRelations(this.deps.db, key, read);
    if (!found || !canReadDossier(caller, found.dossier)) return null;
    prefetch.loaders.primeDossierRelations(found.dossier.id, found.relations, read.eventColumns);
    return found.dossier;
  }

  async get(caller: Caller, by: { id: string } | { code: string }): Promise<DossierRow | null> {
    const dossier = await findDossier(this.deps.db, by);
    return dossier && canReadDossier(caller, dossier) ? dossier : null;
  }

  /**
   * `dossiers`: a page and its count. `prefetch` names the relations the rows' fields read: they come
   * in the page's statement and wait in the operation's loaders, as for `find`.
   */
  async search(
    caller: Caller,
    filter: DossierFilterInput | null | undefined,
    first?: number | null,
    after?: string | null,
    prefetch?: Prefetch,
  ) {
    const size = pageSize(first);
    const catalog = await this.deps.catalog.get();
    let branchId: string | undefined;
    if (filter?.branchCode) {
      branchId = catalog.branchesByCode.get(filter.branchCode)?.id;
      if (!branchId) throw badInput("filter.branchCode", `Unknown branch ${filter.branchCode}`);
    }
    const read = prefetch && relationsToRead(prefetch);
    const { rows, totalCount, relations } = await searchDossiers(
      this.deps.db,
      {
        scope: dossierScope(caller),
        statuses: filter?.status ?? undefined,
        procedureField: filter?.procedureField ?? undefined,
        branchId,
        overdue: filter?.overdue ?? undefined,
        now: this.deps.now(),
        order: "newest",
        after: decodeCursor(after),
        limit: size + 1,
        // The cursor reads submittedAt (and the id every projection has).
        columns: prefetch?.columns && dossierProjection([...prefetch.columns, "submittedAt"]),
      },
      read,
    );
    if (prefetch) relations.forEach((found, i) => prefetch.loaders.primeDossierRelations(rows[i]!.id, found, read?.eventColumns));
    return { ...page(rows, size, (row) => encodeCursor(row.submittedAt, row.id)), totalCount };
  }

  /** A clerk or staff member accepts the dossier at their own counter: receipt time and appointment. */
  async receive(
    caller: Caller,
    id: string,
    branchCode: string,
    expectedVersion?: number | null,
    action: DossierMutation = "receiveDossier",
  ): Promise<DossierRow> {
    const branch = (await this.deps.catalog.get()).branchesByCode.get(branchCode);
    if (!branch) throw badInput("branchCode", `Unknown branch ${branchCode}`);
    if (!worksAtBranch(caller, branch.id)) throw forbidden("You can receive dossiers only at your own branch");
    return this.change(
      caller,
      action,
      id,
      async (tx, dossier, catalog) => {
        await this.assertMove(tx, caller, dossier, "RECEIVED", catalog);
        return this.receiveLocked(tx, dossier, branch.id, actorFor(caller), catalog);
      },
      expectedVersion,
    );
  }

  /**
   * Receipt by anyone entitled (a counter, or SYSTEM for online-only procedures): sets the
   * receipt time and the appointment from the working calendar (of the catalog the caller read
   * before its transaction opened).
   */
  async receiveLocked(tx: Executor, dossier: DossierRow, branchId: string | null, actor: Actor, catalog: CatalogSnapshot): Promise<DossierRow> {
    const procedure = catalog.proceduresById.get(dossier.procedureId)!;
    const at = this.deps.now();
    const dueAt = catalog.calendar.dueAt(at, procedure);
    const where = branchId ? ` at ${catalog.branchesById.get(branchId)?.code}` : "";
    return this.deps.ledger.move(tx, dossier, "RECEIVED", actor, {
      at,
      note: `Received${where}; appointment ${formatHanoiLocal(dueAt)} (Hanoi time)`,
      patch: { branchId: branchId ?? dossier.branchId, receivedAt: at, dueAt, statutoryDueAt: dueAt },
    });
  }

  async transition(caller: Caller, id: string, to: DossierStatus, note: string | null | undefined, expectedVersion?: number | null) {
    const cleanNote = v.optionalText("note", note, { max: 2000 });
    if (to === "RECEIVED") {
      if (!caller.branch) throw forbidden("Only a clerk or staff member at a branch can receive a dossier");
      return this.receive(caller, id, caller.branch.code, expectedVersion, "transitionDossier");
    }
    return this.change(
      caller,
      "transitionDossier",
      id,
      async (tx, dossier, catalog) => {
        await this.assertMove(tx, caller, dossier, to, catalog);
        return this.deps.ledger.move(tx, dossier, to, actorFor(caller), { at: this.deps.now(), note: cleanNote });
      },
      expectedVersion,
    );
  }

  async withdraw(caller: Caller, id: string, reason: string): Promise<DossierRow> {
    const note = v.text("reason", reason, { max: 2000 });
    return this.change(caller, "withdrawDossier", id, async (tx, dossier, catalog) => {
      await this.assertMove(tx, caller, dossier, "WITHDRAWN", catalog);
      return this.deps.ledger.move(tx, dossier, "WITHDRAWN", actorFor(caller), { at: this.deps.now(), note });
    });
  }

  /** A person's move: the table's move, made by one of the caller's mover kinds, its guard passed. */
  private async assertMove(tx: Executor, caller: Caller, dossier: DossierRow, to: DossierStatus, catalog: CatalogSnapshot) {
    assertMovedByPeople(dossier, to, catalog);
    const move = dossierMachine.assert(dossier.status, to, moverKinds(caller, dossier));
    if (!move.guard) return;
    const guard = this.guards.get(move.guard);
    if (!guard) throw new Error(`The dossier guard "${move.guard}" has no implementation`);
    await guard(tx, dossier);
  }

  /** Circular 01/2018 form 05: an apology and a new appointment for a dossier that will be, or is, late. */
  async reschedule(caller: Caller, id: string, newDueAt: Date, apology: string): Promise<DossierRow> {
    const text = v.text("apology", apology, { max: 2000 });
    return this.change(caller, "rescheduleDossier", id, async (tx, dossier) => {
      if (!dossier.dueAt || dossier.finishedAt) {
        throw conflict("Only a received dossier whose result is not ready yet can get a new appointment");
      }
      const at = this.deps.now();
      if (newDueAt <= at || newDueAt <= dossier.dueAt) {
        throw badInput("newDueAt", "newDueAt must be later than now and than the current appointment");
      }
      return this.deps.ledger.annotate(tx, dossier, actorFor(caller), {
        at,
        note: `Apology: ${text} New appointment ${formatHanoiLocal(newDueAt)} (Hanoi time)`,
        patch: { apology: text, dueAt: newDueAt },
      });
    });
  }

  async statistics(from: Date, to: Date, branchCode?: string | null) {
    if (to <= from) throw badInput("to", "to must be after from");
    let branchId: string | undefined;
    if (branchCode) {
      branchId = (await this.deps.catalog.get()).branchesByCode.get(branchCode)?.id;
      if (!branchId) throw badInput("branchCode", `Unknown branch ${branchCode}`);
    }
    return dossierStatistics(this.deps.db, { from, to, branchId, now: this.deps.now() });
  }

  /**
   * Locks the dossier, checks it is readable and the version is the expected one, and runs `apply`
   * in the same transaction. Unreadable dossiers are NOT_FOUND; a stale version is CONFLICT.
   */
  private async change(
    caller: Caller,
    action: DossierMutation,
    id: string,
    apply: (tx: Executor, dossier: DossierRow, catalog: CatalogSnapshot) => Promise<DossierRow>,
    expectedVersion?: number | null,
  ): Promise<DossierRow> {
    const catalog = await this.deps.catalog.get();
    return this.deps.db.transaction(async (tx) => {
      const dossier = await lockDossier(tx, id);
      if (!dossier || !canReadDossier(caller, dossier)) throw notFound("Dossier");
      if (expectedVersion !== null && expectedVersion !== undefined && expectedVersion !== dossier.version) {
        throw conflict(`The dossier changed meanwhile: version ${dossier.version}, not ${expectedVersion}`, {
          currentVersion: dossier.version,
        });
      }
      const changed = await apply(tx, dossier, catalog);
      await this.deps.audit.record(tx, { action, entity: "dossier", entityId: changed.id });
      return changed;
    });
  }
}

/**
 * SPEC §2: the land-registry integration drives security-registration dossiers. A person moving
 * one by hand (approving before the registry decided, say) would contradict the registration, so
 * people may only hand back the result.
 */
function assertMovedByPeople(dossier: DossierRow, to: DossierStatus, catalog: CatalogSnapshot): void {
  const procedure = catalog.proceduresById.get(dossier.procedureId)!;
  if (procedure.field === "SECURITY_REGISTRATION" && to !== "RETURNED") {
    throw forbidden("The land registry decides security registration dossiers; people only hand back the result");
  }
}

export function actorFor(caller: Caller): Actor {
  const role = caller.roles.find((r) => r !== "PARTNER_APP") ?? caller.roles[0]!;
  return { subject: caller.subject, role };
}

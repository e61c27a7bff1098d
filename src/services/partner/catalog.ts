/**
 * The partner catalog (organizations, branches, procedures, working calendar) changes rarely and
 * is read on every request, so each process keeps it in memory and reloads it after a while.
 */
import type { Database } from "../../db/client.js";
import { detachedFromTransaction } from "../../db/connection-gate.js";
import {
  listBranches,
  listCalendarDays,
  listOrganizations,
  listProcedures,
  type BranchRow,
  type OrganizationRow,
  type ProcedureRow,
} from "../../db/queries/partner.js";
import { describeInternalError, type Logger } from "../../logger.js";
import { WorkingCalendar } from "./working-calendar.js";

type MaybePromise<T> = T | Promise<T>;

export interface CatalogSnapshot {
  organizations: OrganizationRow[];
  branches: BranchRow[];
  procedures: ProcedureRow[];
  organizationsByCode: Map<string, OrganizationRow>;
  organizationsById: Map<string, OrganizationRow>;
  branchesByCode: Map<string, BranchRow>;
  branchesById: Map<string, BranchRow>;
  proceduresByCode: Map<string, ProcedureRow>;
  proceduresById: Map<string, ProcedureRow>;
  calendar: WorkingCalendar;
}

/**
 * Stale-while-revalidate: `get()` answers the last snapshot at once and, when it is older than
 * `maxAgeMs`, reloads it in the background; only the very first load is waited for. So a caller
 * never waits on the pool for reference data, least of all inside a transaction (issue 16: ten
 * transactions each waiting on a reload that needed an eleventh connection froze an instance).
 */
export class Catalog {
  private current: CatalogSnapshot | undefined;
  private loadedAt = 0;
  private firstLoad: Promise<CatalogSnapshot> | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly options: { maxAgeMs: number; logger: Logger },
  ) {}

  get(): Promise<CatalogSnapshot> {
    if (this.current) {
      if (Date.now() - this.loadedAt > this.options.maxAgeMs) this.refreshInBackground();
      return Promise.resolve(this.current);
    }
    this.firstLoad ??= this.load()
      .then((snapshot) => this.install(snapshot))
      // A failed first load is not kept: the next caller tries again.
      .finally(() => (this.firstLoad = undefined));
    return this.firstLoad;
  }

  async organizations(kind?: OrganizationRow["kind"] | null): Promise<OrganizationRow[]> {
    const { organizations } = await this.get();
    return kind ? organizations.filter((organization) => organization.kind === kind) : organizations;
  }

  async procedures(field?: ProcedureRow["field"] | null): Promise<ProcedureRow[]> {
    const { procedures } = await this.get();
    return field ? procedures.filter((procedure) => procedure.field === field) : procedures;
  }

  async branches(): Promise<BranchRow[]> {
    return (await this.get()).branches;
  }

  // One row's organization, branch or procedure, answered at once from the loaded snapshot: a list's
  // fields ask for one per row, and a promise per row (with the request scope's hooks) costs more than the lookup.

  organization(id: string | null): MaybePromise<OrganizationRow | null> {
    return id ? this.peek((snapshot) => snapshot.organizationsById.get(id) ?? null) : null;
  }

  branch(id: string | null): MaybePromise<BranchRow | null> {
    return id ? this.peek((snapshot) => snapshot.branchesById.get(id) ?? null) : null;
  }

  procedure(id: string): MaybePromise<ProcedureRow | null> {
    return this.peek((snapshot) => snapshot.proceduresById.get(id) ?? null);
  }

  /** `read` of the loaded snapshot, at once; a promise only before the first load. */
  private peek<T>(read: (snapshot: CatalogSnapshot) => T): MaybePromise<T> {
    if (!this.current) return this.get().then(read);
    if (Date.now() - this.loadedAt > this.options.maxAgeMs) this.refreshInBackground();
    return read(this.current);
  }

  private refreshInBackground(): void {
    // Started by whoever asked, maybe from inside a transaction, but never awaited by it.
    this.refreshing ??= detachedFromTransaction(() => this.load())
      .then(
        (snapshot) => void this.install(snapshot),
        (error) => this.options.logger.warn({ error: describeInternalError(error) }, "catalog: reload failed; serving the last snapshot"),
      )
      .finally(() => (this.refreshing = undefined));
  }

  private install(snapshot: CatalogSnapshot): CatalogSnapshot {
    this.current = snapshot;
    this.loadedAt = Date.now();
    return snapshot;
  }

  private async load(): Promise<CatalogSnapshot> {
    const [organizations, branches, procedures, days] = await Promise.all([
      listOrganizations(this.db),
      listBranches(this.db),
      listProcedures(this.db),
      listCalendarDays(this.db),
    ]);
    const by = <T, K>(rows: T[], key: (row: T) => K) => new Map(rows.map((row) => [key(row), row]));
    return {
      organizations,
      branches,
      procedures,
      organizationsByCode: by(organizations, (o) => o.code),
      organizationsById: by(organizations, (o) => o.id),
      branchesByCode: by(branches, (b) => b.code),
      branchesById: by(branches, (b) => b.id),
      proceduresByCode: by(procedures, (p) => p.code),
      proceduresById: by(procedures, (p) => p.id),
      calendar: new WorkingCalendar(days),
    };
  }
}

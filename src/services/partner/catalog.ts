/**
 * The partner catalog (organizations, branches, procedures, working calendar) changes rarely and
 * is read on every request, so each process keeps it in memory and reloads it after a short while.
 */
import type { Database } from "../../db/client.js";
import {
  listBranches,
  listCalendarDays,
  listOrganizations,
  listProcedures,
  type BranchRow,
  type OrganizationRow,
  type ProcedureRow,
} from "../../db/queries/partner.js";
import { WorkingCalendar } from "../dossier/working-calendar.js";

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

export class Catalog {
  private snapshot: Promise<CatalogSnapshot> | undefined;
  private loadedAt = 0;

  constructor(
    private readonly db: Database,
    private readonly maxAgeMs = 60_000,
  ) {}

  get(): Promise<CatalogSnapshot> {
    if (!this.snapshot || Date.now() - this.loadedAt > this.maxAgeMs) {
      this.loadedAt = Date.now();
      const loading = this.load();
      // A failed load must not stay cached.
      loading.catch(() => {
        if (this.snapshot === loading) this.snapshot = undefined;
      });
      this.snapshot = loading;
    }
    return this.snapshot;
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

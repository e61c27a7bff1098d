/**
 * The partner domain: organizations, branches, procedures and the working calendar — the
 * reference data every other domain reads, kept in memory (stale-while-revalidate).
 */
import type { Module, ModuleDeps } from "../module.js";
import { Catalog } from "./catalog.js";

export function createPartnerModule({ db, logger, config }: Pick<ModuleDeps, "db" | "logger" | "config">): Module<{ catalog: Catalog }> {
  return { services: { catalog: new Catalog(db, { maxAgeMs: config.catalogRefreshMs, logger }) }, workers: [] };
}

export type { Catalog } from "./catalog.js";
export type { BranchRow, OrganizationRow, ProcedureRow } from "../../db/queries/partner.js";

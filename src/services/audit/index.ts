/** The audit trail (issue 11): one log every domain's services append to, and its reader for ADMIN. */
import type { Module, ModuleDeps } from "../module.js";
import { AuditLog } from "./audit-log.js";

export function createAuditModule({ db }: Pick<ModuleDeps, "db">): Module<{ log: AuditLog }> {
  return { services: { log: new AuditLog(db) }, workers: [] };
}

export type { AuditLog } from "./audit-log.js";
export type { AuditEntryRow } from "../../db/queries/audit.js";
export { PersonalDataReads } from "./audit-trail.js";

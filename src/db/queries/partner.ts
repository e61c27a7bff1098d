import { asc } from "drizzle-orm";
import type { Executor } from "../client.js";
import { branches, calendarDays, organizations, procedures } from "../schema/partner.js";

export type OrganizationRow = typeof organizations.$inferSelect;
export type BranchRow = typeof branches.$inferSelect;
export type ProcedureRow = typeof procedures.$inferSelect;

export const listOrganizations = (db: Executor) => db.select().from(organizations).orderBy(asc(organizations.code));
export const listBranches = (db: Executor) => db.select().from(branches).orderBy(asc(branches.code));
export const listProcedures = (db: Executor) => db.select().from(procedures).orderBy(asc(procedures.code));
export const listCalendarDays = (db: Executor) => db.select().from(calendarDays);


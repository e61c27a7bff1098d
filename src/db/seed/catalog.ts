import type { Database } from "../client.js";
import { branches, calendarDays, organizations, procedures } from "../schema/partner.js";
import { branchCatalog, organizationCatalog, procedureCatalog, workingCalendar } from "./catalog-data.js";

/** Inserts what is missing and leaves what an operator changed alone; safe on every start. */
export async function seedCatalog(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(organizations).values(organizationCatalog).onConflictDoNothing();
    await tx.insert(branches).values(branchCatalog).onConflictDoNothing();
    await tx.insert(procedures).values(procedureCatalog).onConflictDoNothing();
    await tx.insert(calendarDays).values(workingCalendar).onConflictDoNothing();
  });
}

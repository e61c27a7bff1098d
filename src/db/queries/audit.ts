import type { Executor } from "../client.js";
import { personalDataReads } from "../schema/audit.js";

export async function insertPersonalDataReads(db: Executor, rows: (typeof personalDataReads.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await db.insert(personalDataReads).values(rows);
}

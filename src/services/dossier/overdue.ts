import type { DossierRow } from "../../db/queries/dossier.js";

/**
 * True while unfinished past the statutory due time, and for good if finished after it; a dossier
 * given an apology and new appointment stays late (SPEC §2). Mirrors overdueCondition in SQL.
 */
export function isOverdue(dossier: Pick<DossierRow, "apology" | "statutoryDueAt" | "finishedAt">, now: Date): boolean {
  if (dossier.apology !== null) return true;
  if (!dossier.statutoryDueAt) return false;
  return dossier.statutoryDueAt < (dossier.finishedAt ?? now);
}

import type { DossierColumn, DossierRow } from "../../db/queries/dossier.js";

/** What `isOverdue` reads of a dossier: a row cut for the `overdue` field carries these. */
export const OVERDUE_COLUMNS = ["apology", "statutoryDueAt", "finishedAt"] as const satisfies readonly DossierColumn[];

/**
 * True while unfinished past the statutory due time, and for good if finished after it; a dossier
 * given an apology and new appointment stays late (SPEC §2). Mirrors overdueCondition in SQL.
 */
export function isOverdue(dossier: Pick<DossierRow, (typeof OVERDUE_COLUMNS)[number]>, now: Date): boolean {
  if (dossier.apology !== null) return true;
  if (!dossier.statutoryDueAt) return false;
  return dossier.statutoryDueAt < (dossier.finishedAt ?? now);
}

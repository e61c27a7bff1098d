/**
 * A counter's worklist (issue 7): what the token's branch must do next — dossiers to receive,
 * to digitize, and results to hand over or dispatch — oldest first, with keyset pages.
 */
import type { Caller } from "../../auth/caller.js";
import type { Database } from "../../db/client.js";
import { searchWorklist } from "../../db/queries/dossier.js";
import { decodeCursor, encodeCursor, page, pageSize } from "../validation.js";
import { worklistBranch } from "./dossier.policy.js";

export class WorklistService {
  constructor(private readonly deps: { db: Database }) {}

  async list(caller: Caller, first?: number | null, after?: string | null) {
    const branch = worklistBranch(caller);
    const size = pageSize(first);
    const { rows, totalCount } = await searchWorklist(this.deps.db, { branchId: branch.id, after: decodeCursor(after), limit: size + 1 });
    return { ...page(rows, size, (row) => encodeCursor(row.submittedAt, row.id)), totalCount };
  }
}

/**
 * Walks the whole audit chain from the database, a page at a time, recomputing every hash in Node
 * (not with the SQL function that appended it), and names the first entry that does not fit.
 */
import type { Executor } from "../../db/client.js";
import { listAuditEntries, readAuditHead } from "../../db/queries/audit.js";
import { ChainWalk, type ChainBreak } from "./chain.js";

const PAGE = 5_000;

export interface ChainReport {
  verified: number;
  broken: ChainBreak | null;
}

export async function verifyAuditChain(db: Executor): Promise<ChainReport> {
  const walk = new ChainWalk();
  // Read the head first: entries appended while we walk lie beyond it and are left for the next run.
  const head = await readAuditHead(db);
  let after = 0;
  while (after < head.sequence) {
    const entries = await listAuditEntries(db, {}, { afterSequence: after, limit: PAGE });
    for (const entry of entries) {
      if (entry.sequence > head.sequence) break;
      const broken = walk.check(entry);
      if (broken) return { verified: walk.verified, broken };
    }
    if (entries.length < PAGE) break;
    after = entries.at(-1)!.sequence;
  }
  return { verified: walk.verified, broken: walk.end(head) };
}

/**
 * The audit chain's rules in Node, independent of the SQL function that appends
 * (`audit_entry_hash`, drizzle/0005_audit_trail.sql): an entry's canonical content and hash, and
 * a walk that names the first entry that does not fit. `npm run audit:verify` runs the walk.
 */
import { createHash } from "node:crypto";
import type { NewAuditEntry } from "../../db/queries/audit.js";

const GENESIS_HASH = "0".repeat(64);

/** An entry as the chain holds it: what its writer said, with the chain's sequence, time and hashes. */
export interface ChainedEntry extends NewAuditEntry {
  sequence: number;
  at: Date;
  previousHash: string;
  hash: string;
}

/** The JSON array PostgreSQL's json_build_array renders for the entry (elements joined by ", "). */
export function canonicalContent(entry: Omit<ChainedEntry, "previousHash" | "hash">): string {
  const values = [
    entry.sequence,
    entry.at.toISOString(),
    entry.actorSubject,
    entry.actorRoles.join(","),
    entry.organizationCode,
    entry.action,
    entry.entity,
    entry.entityId,
    entry.requestId,
    entry.outcome,
  ];
  return `[${values.map((value) => JSON.stringify(value)).join(", ")}]`;
}

export function entryHash(previousHash: string, entry: Omit<ChainedEntry, "previousHash" | "hash">): string {
  return createHash("sha256").update(previousHash + canonicalContent(entry), "utf8").digest("hex");
}

export type ChainBreak =
  | { sequence: number; problem: "missing"; detail: string }
  | { sequence: number; problem: "relinked"; detail: string }
  | { sequence: number; problem: "altered"; detail: string }
  | { sequence: number; problem: "head"; detail: string };

/**
 * Walks entries in sequence order (pages of them, as they are read), remembering only the last one.
 * `check` returns the first break or null; `end` checks the head row against the last entry.
 */
export class ChainWalk {
  private expected = 1;
  private previousHash = GENESIS_HASH;

  check(entry: ChainedEntry): ChainBreak | null {
    if (entry.sequence !== this.expected) {
      return {
        sequence: this.expected,
        problem: "missing",
        detail: `entry ${this.expected} is missing (the next stored one is ${entry.sequence}): deleted?`,
      };
    }
    if (entry.previousHash !== this.previousHash) {
      return {
        sequence: entry.sequence,
        problem: "relinked",
        detail: `entry ${entry.sequence} does not point at entry ${entry.sequence - 1}'s hash: an earlier entry was replaced?`,
      };
    }
    if (entryHash(entry.previousHash, entry) !== entry.hash) {
      return { sequence: entry.sequence, problem: "altered", detail: `entry ${entry.sequence}'s content does not match its hash: edited?` };
    }
    this.expected++;
    this.previousHash = entry.hash;
    return null;
  }

  /** The head row must name the last entry: otherwise entries were cut off the end. */
  end(head: { sequence: number; hash: string }): ChainBreak | null {
    const last = this.expected - 1;
    if (head.sequence !== last || head.hash !== this.previousHash) {
      return {
        sequence: Math.min(head.sequence, last) + 1,
        problem: "head",
        detail: `the chain's head says ${head.sequence} entries, the table holds ${last} that link up: entries after ${last} were removed?`,
      };
    }
    return null;
  }

  get verified(): number {
    return this.expected - 1;
  }
}

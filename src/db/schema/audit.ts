import { bigint, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The hub's tamper-evident audit trail (issue 11): one gap-free, hash-chained line of entries for
 * every instance. `hash` = SHA-256 (hex) over `previous_hash` followed by the entry's canonical
 * content (see `audit_entry_hash` in drizzle/0005_audit_trail.sql and src/services/audit/chain.ts).
 * No personal data beyond who acted.
 */
export const auditEntries = pgTable(
  "audit_entries",
  {
    sequence: bigint("sequence", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true, mode: "date", precision: 3 }).notNull(),
    actorSubject: text("actor_subject"),
    actorRoles: text("actor_roles").array().notNull(),
    organizationCode: text("organization_code"),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id"),
    requestId: text("request_id"),
    outcome: text("outcome").notNull(),
    previousHash: text("previous_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_entries_entity_idx").on(t.entity, t.entityId, t.sequence)],
);

/**
 * The chain's head, one row: appends lock it, so concurrent writers on any number of instances
 * take turns for the length of one statement (or of the rest of the transaction that appends).
 */
export const auditHead = pgTable("audit_head", {
  id: integer("id").primaryKey(),
  sequence: bigint("sequence", { mode: "number" }).notNull(),
  hash: text("hash").notNull(),
  at: timestamp("at", { withTimezone: true, mode: "date", precision: 3 }).notNull(),
});



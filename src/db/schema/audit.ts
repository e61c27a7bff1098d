import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** Every unmasked read of personal data (SPEC §1), written in batches at the end of an operation. */
export const personalDataReads = pgTable(
  "personal_data_reads",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    actorSubject: text("actor_subject").notNull(),
    actorRole: text("actor_role").notNull(),
    requestId: text("request_id"),
    entity: text("entity").notNull(),
    entityId: uuid("entity_id").notNull(),
    fields: text("fields").notNull(),
  },
  (t) => [index("personal_data_reads_entity_idx").on(t.entity, t.entityId)],
);

import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Fixed-window counters shared by every instance (issue 11): operations per subject and per
 * organization, wrong receipt-code guesses per client IP and per code. One row per key, bumped by
 * an atomic upsert; rows of windows long past are purged by the retention job.
 */
export const rateLimitCounters = pgTable("rate_limit_counters", {
  key: text("key").primaryKey(),
  windowStart: timestamp("window_start", { withTimezone: true, mode: "date", precision: 3 }).notNull(),
  hits: integer("hits").notNull(),
});

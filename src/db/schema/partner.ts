import { boolean, date, integer, pgEnum, pgTable, text, time, uuid } from "drizzle-orm/pg-core";

export const organizationKind = pgEnum("organization_kind", [
  "SERVICE_CENTER",
  "POST_OFFICE",
  "BANK",
  "BAR_ASSOCIATION",
  "LAW_FIRM",
  "LAND_REGISTRY",
]);

export const procedureField = pgEnum("procedure_field", [
  "SECURITY_REGISTRATION",
  "CONSTRUCTION_PERMIT",
  "JUDICIAL_RECORD",
  "OTHER",
]);

export const calendarDayKind = pgEnum("calendar_day_kind", ["HOLIDAY", "WORKING_DAY"]);

export const organizations = pgTable("organizations", {
  id: uuid("id").primaryKey().defaultRandom(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  kind: organizationKind("kind").notNull(),
});

export const branches = pgTable("branches", {
  id: uuid("id").primaryKey().defaultRandom(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  address: text("address").notNull(),
});

export const procedures = pgTable("procedures", {
  id: uuid("id").primaryKey().defaultRandom(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  field: procedureField("field").notNull(),
  processingDays: integer("processing_days").notNull(),
  fullyOnline: boolean("fully_online").notNull(),
  /**
   * Decree 99/2022 art. 16: received on a working day before this local time, a security
   * registration is due the same day; after it, the next working day. Null for other procedures.
   */
  sameDayCutoff: time("same_day_cutoff"),
});

/**
 * Exceptions to the Monday–Friday week, Asia/Ho_Chi_Minh dates: public holidays (and the days
 * off given in compensation) and the Saturdays worked in exchange. Data, not code: the
 * government announces them each year.
 */
export const calendarDays = pgTable("calendar_days", {
  day: date("day", { mode: "string" }).primaryKey(),
  kind: calendarDayKind("kind").notNull(),
  name: text("name").notNull(),
});

/**
 * Rows built as JSON in PostgreSQL and read back as drizzle gives them (issue 14): a statement can
 * then return several tables' rows at once — a dossier's timeline, registration and consults in one
 * round trip — and each row still comes out with drizzle's property names and types (Dates, arrays,
 * jsonb), through each column's own decoder.
 */
import { getTableColumns, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";

/** JSON numbers are doubles: these columns travel as text, which their decoders take as the driver gives it. */
const TEXT_IN_JSON = new Set(["PgNumeric", "PgNumericNumber", "PgNumericBigInt", "PgBigInt53", "PgBigInt64"]);

/** `json_build_object` of every column of `table` (read as `alias`), keyed by drizzle's property names. */
export function rowAsJson(table: PgTable, alias: string): SQL {
  const columns = Object.entries(getTableColumns(table));
  // json_build_object takes at most 100 arguments.
  if (columns.length > 50) throw new Error(`rowAsJson: ${columns.length} columns are more than one json_build_object holds`);
  const pairs = columns.map(([key, column]) => `'${key}', ${alias}."${column.name}"${TEXT_IN_JSON.has(column.columnType) ? "::text" : ""}`);
  return sql.raw(`json_build_object(${pairs.join(", ")})`);
}

/** A row `rowAsJson` built, decoded column by column as drizzle decodes a selected row. */
export function rowFromJson<T extends PgTable>(table: T, json: Record<string, unknown>): T["$inferSelect"] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = json[key];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T["$inferSelect"];
}

/**
 * Rows built as JSON in PostgreSQL and read back as drizzle gives them (issue 14): a statement can
 * then return several tables' rows at once — a dossier's timeline, registration and consults in one
 * round trip — and each row still comes out with drizzle's property names and types (Dates, arrays,
 * jsonb), through each column's own decoder.
 */
import { getTableColumns, getTableName, sql, type Column, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";

/**
 * A column named with its table, for a subquery correlated to the row being selected: drizzle writes
 * a single-table select's columns unqualified, and inside a subquery `"id"` would be the subquery's own.
 */
export function qualified(column: PgColumn): SQL {
  return sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;
}

/** JSON numbers are doubles: these columns travel as text, which their decoders take as the driver gives it. */
const TEXT_IN_JSON = new Set(["PgNumeric", "PgNumericNumber", "PgNumericBigInt", "PgBigInt53", "PgBigInt64"]);

/** Built once per table and alias: pages and relations ask for the same few on every request. */
const builtRows = new WeakMap<PgTable, Map<string, SQL>>();

/** `json_build_object` of every column of `table` (read as `alias`), keyed by drizzle's property names. */
export function rowAsJson(table: PgTable, alias: string): SQL {
  let byAlias = builtRows.get(table);
  if (!byAlias) builtRows.set(table, (byAlias = new Map()));
  let built = byAlias.get(alias);
  if (!built) {
    const columns = Object.entries(getTableColumns(table));
    // json_build_object takes at most 100 arguments.
    if (columns.length > 50) throw new Error(`rowAsJson: ${columns.length} columns are more than one json_build_object holds`);
    const pairs = columns.map(([key, column]) => `'${key}', ${alias}."${column.name}"${TEXT_IN_JSON.has(column.columnType) ? "::text" : ""}`);
    byAlias.set(alias, (built = sql.raw(`json_build_object(${pairs.join(", ")})`)));
  }
  return built;
}

/**
 * The columns whose JSON form is not yet drizzle's: instants (JSON text → Date), arrays (their
 * elements may need it too) and the numbers sent as text. Text, uuids, enums, booleans, integers
 * and jsonb arrive from JSON.parse as drizzle would give them.
 */
const decodedColumns = new WeakMap<PgTable, Array<[string, Column]>>();

function columnsToDecode(table: PgTable): Array<[string, Column]> {
  let columns = decodedColumns.get(table);
  if (!columns) {
    columns = Object.entries(getTableColumns(table)).filter(
      ([, column]) => column.dataType === "date" || column.dataType === "array" || column.dataType === "bigint" || TEXT_IN_JSON.has(column.columnType),
    );
    decodedColumns.set(table, columns);
  }
  return columns;
}

/** A row `rowAsJson` built (freshly parsed: it is decoded in place), with drizzle's types. */
export function rowFromJson<T extends PgTable>(table: T, json: Record<string, unknown>): T["$inferSelect"] {
  for (const [key, column] of columnsToDecode(table)) {
    const value = json[key];
    if (value !== null) json[key] = column.mapFromDriverValue(value);
  }
  return json as T["$inferSelect"];
}

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

/**
 * Some of a table's columns, by drizzle's property names in the table's order, and a short `key`
 * naming that set (for a statement's name, a loader's cache key): a row read for one selection, whose
 * fields need no more. A projected row carries only those properties.
 */
export interface Projection {
  readonly columns: readonly string[];
  readonly key: string;
}

const projections = new WeakMap<PgTable, Map<string, Projection>>();

/** `table`'s projection onto `wanted` (property names, in any order and repeated); unknown names throw. */
export function projectionOf(table: PgTable, wanted: Iterable<string>): Projection {
  let byList = projections.get(table);
  if (!byList) projections.set(table, (byList = new Map()));
  const asked = new Set(wanted);
  const list = [...asked].sort().join(",");
  let projection = byList.get(list);
  if (!projection) {
    const names = Object.keys(getTableColumns(table));
    const unknown = [...asked].filter((name) => !names.includes(name));
    if (unknown.length > 0) throw new Error(`projectionOf: ${getTableName(table)} has no column ${unknown.join(", ")}`);
    const columns = names.filter((name) => asked.has(name));
    // A bit per column, in the table's order (json_build_object's limit keeps a table under 50 columns).
    const mask = names.reduce((bits, name, index) => (asked.has(name) ? bits + 2 ** index : bits), 0);
    byList.set(list, (projection = { columns, key: mask.toString(36) }));
  }
  return projection;
}

/** Built once per table, alias and projection: pages and relations ask for the same few on every request. */
const builtRows = new WeakMap<PgTable, Map<string, SQL>>();

/**
 * `json_build_object` of the columns of `table` (read as `alias`) that `projection` names, every
 * column without one, keyed by drizzle's property names.
 */
export function rowAsJson(table: PgTable, alias: string, projection?: Projection): SQL {
  let byAlias = builtRows.get(table);
  if (!byAlias) builtRows.set(table, (byAlias = new Map()));
  const cacheKey = projection ? `${alias}|${projection.key}` : alias;
  let built = byAlias.get(cacheKey);
  if (!built) {
    const all = Object.entries(getTableColumns(table));
    const columns = projection ? all.filter(([key]) => projection.columns.includes(key)) : all;
    // json_build_object takes at most 100 arguments.
    if (columns.length > 50) throw new Error(`rowAsJson: ${columns.length} columns are more than one json_build_object holds`);
    const pairs = columns.map(([key, column]) => `'${key}', ${alias}."${column.name}"${TEXT_IN_JSON.has(column.columnType) ? "::text" : ""}`);
    byAlias.set(cacheKey, (built = sql.raw(`json_build_object(${pairs.join(", ")})`)));
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

/**
 * A row `rowAsJson` built (freshly parsed: it is decoded in place), with drizzle's types; a projected
 * row has only its projection's properties (the type does not say so: its readers are the fields the
 * projection was made for).
 */
export function rowFromJson<T extends PgTable>(table: T, json: Record<string, unknown>): T["$inferSelect"] {
  for (const [key, column] of columnsToDecode(table)) {
    const value = json[key];
    if (value !== null && value !== undefined) json[key] = column.mapFromDriverValue(value);
  }
  return json as T["$inferSelect"];
}

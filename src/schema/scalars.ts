/**
 * The contract's scalars, strict on input so bad values fail as BAD_USER_INPUT at the edge.
 */
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from "graphql";
import { isStorableInstant } from "../db/client.js";

const invalid = (message: string) => new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });

function literalString(ast: ValueNode, scalar: string): string {
  if (ast.kind !== Kind.STRING) throw invalid(`${scalar} must be given as a string`);
  return ast.value;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseInstant(value: unknown): Date {
  if (typeof value !== "string" || !ISO_INSTANT.test(value)) {
    throw invalid("DateTime must be an ISO-8601 instant with a time zone, e.g. 2025-06-09T14:30:00.000Z");
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalid(`${value} is not a valid instant`);
  // PostgreSQL has no year 0 (a 500 when stored or compared); nothing the hub keeps is that old.
  if (!isStorableInstant(date)) throw invalid("DateTime must be in the years 0001 to 9999 (UTC)");
  return date;
}

const twoDigits = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const threeDigits = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * `date.toISOString()`, in a third of its time on Node 20 and 24 (~0.3 µs against ~0.7 µs): a page
 * of 50 dossiers with their timelines serializes ~500 instants (docs/benchmark.md, issue 14 part five).
 * Years outside 1000–9999 (and invalid dates) go to toISOString itself.
 */
export function isoInstant(date: Date): string {
  const year = date.getUTCFullYear();
  if (!(year >= 1000 && year <= 9999)) return date.toISOString();
  return `${year}-${twoDigits(date.getUTCMonth() + 1)}-${twoDigits(date.getUTCDate())}T${twoDigits(date.getUTCHours())}:${twoDigits(
    date.getUTCMinutes(),
  )}:${twoDigits(date.getUTCSeconds())}.${threeDigits(date.getUTCMilliseconds())}Z`;
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: "DateTime",
  description: "An ISO-8601 instant in UTC, e.g. 2025-06-09T14:30:00.000Z.",
  serialize: (value) => isoInstant(value instanceof Date ? value : new Date(String(value))),
  parseValue: parseInstant,
  parseLiteral: (ast) => parseInstant(literalString(ast, "DateTime")),
});

function parseLocalDate(value: unknown): string {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw invalid("LocalDate must look like YYYY-MM-DD");
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) throw invalid(`${value} is not a calendar date`);
  if (value.startsWith("0000")) throw invalid("LocalDate must be in the years 0001 to 9999");
  return value;
}

export const LocalDateScalar = new GraphQLScalarType<string, string>({
  name: "LocalDate",
  description: "A calendar date, YYYY-MM-DD (Asia/Ho_Chi_Minh).",
  serialize: (value) => String(value).slice(0, 10),
  parseValue: parseLocalDate,
  parseLiteral: (ast) => parseLocalDate(literalString(ast, "LocalDate")),
});

function parseDecimal(value: unknown): string {
  const text = typeof value === "number" && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== "string" || !/^-?\d{1,20}(\.\d{1,6})?$/.test(text)) {
    throw invalid('Decimal must be a number written as a string, e.g. "1500000000" or "1250.50"');
  }
  return text;
}

export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: "Decimal",
  description: 'A decimal number carried as a string to keep precision, e.g. "1500000000".',
  serialize: (value) => String(value),
  parseValue: parseDecimal,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return parseDecimal(ast.value);
    return parseDecimal(literalString(ast, "Decimal"));
  },
});

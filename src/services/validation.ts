/**
 * Input checks shared by every domain. Each failure is BAD_USER_INPUT naming the field, and is
 * raised before anything is written.
 */
import { isStorableInstant } from "../db/client.js";
import { badInput } from "../errors.js";

export function text(field: string, value: string, options: { max: number; min?: number }): string {
  const trimmed = value.trim();
  if (trimmed.length < (options.min ?? 1)) throw badInput(field, `${field} must not be empty`);
  if (trimmed.length > options.max) throw badInput(field, `${field} must be at most ${options.max} characters`);
  return withoutNul(field, trimmed);
}

/** PostgreSQL text cannot hold U+0000, not even as a query parameter: refused here rather than as a 500 there. */
export function withoutNul(field: string, value: string): string {
  if (value.includes("\u0000")) throw badInput(field, `${field} must not contain NUL characters`);
  return value;
}

export function optionalText(field: string, value: string | null | undefined, options: { max: number }): string | null {
  if (value === null || value === undefined || value.trim() === "") return null;
  return text(field, value, options);
}

/** A citizen identity number (CCCD): exactly 12 digits. */
export function citizenIdNumber(field: string, value: string): string {
  const trimmed = value.trim();
  if (!/^\d{12}$/.test(trimmed)) throw badInput(field, `${field} must be a 12-digit citizen identity number`);
  return trimmed;
}

/** A Vietnamese phone number, stored as digits with a leading 0 (e.g. 0912345678). */
export function phoneNumber(field: string, value: string): string {
  const compact = value.replace(/[\s.-]/g, "");
  const national = compact.startsWith("+84") ? `0${compact.slice(3)}` : compact;
  if (!/^0\d{9,10}$/.test(national)) throw badInput(field, `${field} must be a Vietnamese phone number, e.g. 0912345678`);
  return national;
}

/**
 * A receipt code as a citizen types it (any case, spaces around), e.g. HN-2025-000123. Anything
 * else names no dossier, and may not reach the database (a NUL there is a 500, not a miss).
 */
export function receiptCode(field: string, value: string): string {
  const code = value.trim().toUpperCase();
  if (!/^[A-Z0-9-]{1,40}$/.test(code)) throw badInput(field, `${field} is not a receipt code, e.g. HN-2025-000123`);
  return code;
}

export function lastFourDigits(field: string, value: string): string {
  if (!/^\d{4}$/.test(value)) throw badInput(field, `${field} must be the last 4 digits of the phone number`);
  return value;
}

export const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput("first", `first must be between 0 and ${MAX_PAGE_SIZE}`);
  }
  return first;
}

/** Keyset cursors: the sort instant and the row id, opaque to clients. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString("base64url");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function decodeCursor(cursor: string | null | undefined): { at: Date; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    const date = new Date(at);
    // Both go into the keyset query: a forged cursor whose id is not a uuid, or whose instant
    // PostgreSQL cannot hold (before year 1, past 9999), would fail there as a 500.
    if (typeof id === "string" && UUID.test(id) && isStorableInstant(date)) return { at: date, id };
  } catch {
    // fall through to the error below
  }
  throw badInput("after", "after is not a cursor this API gave out");
}

/** One page of a keyset query that fetched `size + 1` rows. */
export function page<T>(rows: T[], size: number, cursorOf: (row: T) => string) {
  const nodes = rows.slice(0, size);
  const last = nodes.at(-1);
  return { nodes, pageInfo: { hasNextPage: rows.length > size, endCursor: last ? cursorOf(last) : null } };
}

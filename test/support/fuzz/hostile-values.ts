/**
 * Hostile values per kind of GraphQL input: what a careless or malicious client may send in a
 * JSON variable or a literal. Each arbitrary may take the plausible value it replaces, so that
 * many hostile values are *almost* valid (a real name with a NUL in it, a real id one character
 * short) and get past coercion into the services' own checks.
 */
import fc from "fast-check";

/** Unicode controls, invisible and direction marks, non-characters and lone surrogates. */
const CONTROL_CHARACTERS = [
  "\u0000", "\u0001", "\u0007", "\b", "\t", "\n", "\r", "\u001b", "\u007f", "\u0085", "\u00a0", "\u200b", "\u200e",
  "\u202e", "\u2028", "\u2029", "\ufeff", "\ufffd", "\uffff", "\ud800", "\udfff",
];

/** Strings that mean something to some other layer: SQL, shells, templates, paths, JSON, number parsers. */
const TRICKY_STRINGS = [
  "' or '1'='1", "'; drop table dossiers; --", "\\", "%", "_", "$1", "${jndi:ldap://x}", "{{7*7}}", "<script>alert(1)</script>",
  "../../../../etc/passwd", "%00", "\\u0000", "null", "undefined", "NaN", "-1", "1e309", "0x1F", "Infinity", "true", "[]", "{}", '"',
  "Nguyễn Văn An", "Nguye\u0302\u0303n", "𝕳𝖆𝖓𝖔𝖎", "👨‍👩‍👧‍👦", "\u202egnp.exe", "Z̴̡̛̙̤a̸̡̘͝l̵̨̹̈g̸͙̈o", "٠١٢٣٤٥٦٧٨٩", "０９１２３４５６７８",
];

/** Lengths around the hub's limits: empty, short limits (255, 1000), long text, and past the 1 MB body limit. */
const LENGTHS = [0, 1, 255, 256, 1001, 10_001, 100_000, 1_100_000];

/** A string that is not (quite) a valid value: `current` is the plausible value it stands in for. */
export function hostileString(current?: unknown): fc.Arbitrary<string> {
  const base = typeof current === "string" && current.length > 0 ? current : "x";
  const control = fc.constantFrom(...CONTROL_CHARACTERS);
  return fc.oneof(
    fc.constantFrom("", " ", "   \t\n ", ...TRICKY_STRINGS),
    fc.constantFrom(...LENGTHS).map((length) => base.repeat(Math.ceil(length / base.length)).slice(0, length)),
    fc.tuple(control, fc.nat(base.length)).map(([c, at]) => base.slice(0, at) + c + base.slice(at)),
    fc.array(control, { minLength: 1, maxLength: 8 }).map((cs) => cs.join("")),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.string({ unit: "grapheme", maxLength: 40 }),
    fc.constant(` ${base} `),
    fc.constant(base.slice(0, -1)),
    fc.constant(base.toLowerCase()),
  );
}

/** Numbers every field that takes one should survive: bounds of Int and of doubles, fractions, signs. */
const TRICKY_NUMBERS = [
  -1, 0, -0, 1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 53, 2 ** 53 + 2, 1.5, -1.5, 0.1, 1e21, 1e308, -1e308, 5e-324,
  Number.MIN_SAFE_INTEGER,
];

export function hostileNumber(): fc.Arbitrary<number> {
  return fc.oneof(
    fc.constantFrom(...TRICKY_NUMBERS),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  );
}

/** A JSON value of the wrong kind for most fields. */
export function wrongKind(): fc.Arbitrary<unknown> {
  return fc.constantFrom<unknown>(true, false, "", [], {}, [1, 2], { a: 1 }, 0, "0", [[]]);
}

/** Instants that are not instants, or are but far outside any sensible range. */
const TRICKY_INSTANTS = [
  "2025-02-30T00:00:00Z", "2025-13-01T00:00:00Z", "2025-00-10T00:00:00Z", "0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z",
  "9999-12-31T23:59:59.999999999Z", "2025-01-01T24:00:00Z", "2025-01-01T23:59:60Z", "2025-01-01T00:00:00+25:00",
  "2025-01-01T00:00:00+14:00", "2025-01-01T00:00:00-12:59", "2025-06-09T14:30Z", "2025-06-09T14:30:00.1234567891Z",
  "2025-06-09", "2025-06-09T14:30:00", "yesterday", "1749479400000", "2025-06-09T14:30:00.000Z\u0000", " 2025-06-09T14:30:00Z",
  "+275760-09-13T00:00:00.000Z", "-000001-01-01T00:00:00Z",
];

export function hostileDateTime(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(...TRICKY_INSTANTS),
    fc.date({ min: new Date("0000-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }).map((d) => d.toISOString()),
    fc.integer(),
  );
}

const TRICKY_DATES = ["2025-02-29", "2024-02-29", "2025-04-31", "0000-01-01", "0001-01-01", "9999-12-31", "2025-1-1", "20250101", "2025-06-09T00:00:00Z", "2025/06/09"];

export function hostileLocalDate(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(...TRICKY_DATES),
    fc.date({ min: new Date("0000-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  );
}

const TRICKY_DECIMALS = [
  "-1", "0", "-0", "0.000001", "99999999999999999999.999999", "-99999999999999999999", "00000000000000000001", "1e10", "0x10",
  "1,000", ".5", "5.", "NaN", "Infinity", "1500000000.1234567", " 1500000000", "١٥٠٠",
];

export function hostileDecimal(): fc.Arbitrary<unknown> {
  return fc.oneof(fc.constantFrom<unknown>(...TRICKY_DECIMALS, 1.5, 1e21, -5, 0), fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String));
}

const base64url = (text: string) => Buffer.from(text).toString("base64url");

/** Global ids of the wrong shape: not base64, the wrong type, not a uuid, an unknown uuid, too long. */
export function hostileId(current?: unknown): fc.Arbitrary<unknown> {
  const real = typeof current === "string" ? current : base64url(`Dossier:${"0".repeat(8)}-0000-0000-0000-${"0".repeat(12)}`);
  const decoded = Buffer.from(real, "base64url").toString("utf8");
  const [type = "Dossier", uuid = ""] = decoded.split(":");
  return fc.oneof(
    fc.constantFrom<unknown>("", "not-an-id", "1", 1, -1, uuid, uuid.toUpperCase(), real.slice(0, -1), `${real}=`, Buffer.from(decoded).toString("base64")),
    fc.uuid().map((random) => base64url(`${type}:${random}`)),
    fc.constantFrom("Nope", "Dossier", "ConsultSlot", "SecurityRegistration", "Node", "").map((t) => base64url(`${t}:${uuid}`)),
    fc.constantFrom(`${type}:${uuid}:extra`, `${type}:${uuid.toUpperCase()}`, `${type}:not-a-uuid`, `${type}:`, `:${uuid}`, `${type}:${uuid}\u0000`).map(base64url),
    fc.constant(real.repeat(50)),
    hostileString(real),
  );
}

/** Page cursors the hub never gave out: other shapes of JSON, odd instants, ids that are not uuids. */
export function hostileCursor(current?: unknown): fc.Arbitrary<unknown> {
  const json = fc.oneof(
    fc.tuple(fc.constantFrom("2025-01-01T00:00:00.000Z", "-100000-01-01T00:00:00.000Z", "+200000-01-01T00:00:00.000Z", "0000-01-01T00:00:00Z", "x", ""), fc.constantFrom("-".repeat(36), "0".repeat(36), "g".repeat(36), "00000000-0000-0000-0000-000000000000")),
    fc.constantFrom<unknown>([], {}, null, 1, "a", [1, 2], ["2025-01-01T00:00:00.000Z"]),
  );
  // The audit trail's cursors are `audit:<sequence>`: numbers past any column, signs, fractions.
  const sequence = fc.constantFrom("999999999999999", "9223372036854775808", "-1", "1.5", "", "1e3").map((n) => base64url(`audit:${n}`));
  return fc.oneof(json.map((value) => base64url(JSON.stringify(value))), sequence, hostileString(current));
}

export function hostileEnum(values: string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom<unknown>("", "NOPE", 0, "null"),
    fc.constantFrom(...values).map((v) => v.toLowerCase()),
    fc.constantFrom(...values).map((v) => `${v} `),
  );
}

export function hostileBoolean(): fc.Arbitrary<unknown> {
  return fc.constantFrom<unknown>("true", "false", 0, 1, "yes", "");
}

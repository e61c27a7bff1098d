/**
 * Arguments for any root field, built from the schema: a plausible value for every argument
 * (recursively through input objects and lists), then zero, one or a few "sites" of it — an
 * argument, an input field, a list, a list item — replaced by a hostile value for that site's
 * type: a bad scalar, a missing required field, an unknown field, an empty, long or nested list.
 */
import fc from "fast-check";
import {
  GraphQLEnumType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from "graphql";
import {
  hostileBoolean,
  hostileCursor,
  hostileDateTime,
  hostileDecimal,
  hostileEnum,
  hostileId,
  hostileLocalDate,
  hostileNumber,
  hostileString,
  wrongKind,
} from "./hostile-values.js";
import type { PlausibleValues } from "./plausible-values.js";

/** Stands for "leave this argument or field out" until the call is printed. */
export const OMIT = Symbol("omit");

type Path = Array<string | number>;
interface Site {
  path: Path;
  name: string;
  type: GraphQLInputType;
}

export interface FuzzArguments {
  args: Record<string, unknown>;
  /** Where the hostile values went, for the report of a failing call. */
  hostile: string[];
}

/** Long lists are long; how many of their items may be chosen as sites is not. */
const SITES_PER_LIST = 3;

export class InputArbitraries {
  constructor(
    private readonly plausible: PlausibleValues,
    private readonly fieldName: string,
  ) {}

  forField(field: GraphQLField<unknown, unknown>): fc.Arbitrary<FuzzArguments> {
    const plausibleArgs = this.argumentsRecord(field.args);
    return plausibleArgs.chain((args): fc.Arbitrary<FuzzArguments> => {
      const untouched = fc.constant<FuzzArguments>({ args, hostile: [] });
      const sites = field.args.flatMap((arg) => this.sitesOf(args[arg.name], arg.type, [arg.name], arg.name));
      if (sites.length === 0) return untouched;
      const mutate = (count: number) =>
        fc
          .uniqueArray(fc.constantFrom(...sites), { minLength: 1, maxLength: Math.min(count, sites.length) })
          .chain((chosen) => fc.tuple(...chosen.map((site) => this.hostile(site, valueAt(args, site.path)))).map((values) => ({ chosen, values })))
          .map(({ chosen, values }) => ({
            args: chosen.reduce((acc, site, i) => setAt(acc, site.path, values[i]), args),
            hostile: chosen.map((site) => site.path.join(".")),
          }));
      return fc.oneof(
        { arbitrary: untouched, weight: 2 },
        { arbitrary: mutate(1), weight: 5 },
        { arbitrary: mutate(4), weight: 2 },
      );
    });
  }

  private argumentsRecord(args: readonly GraphQLArgument[]): fc.Arbitrary<Record<string, unknown>> {
    const shape = Object.fromEntries(args.map((arg) => [arg.name, this.value(arg.type, arg.name)]));
    const requiredKeys = args.filter((arg) => isNonNullType(arg.type)).map((arg) => arg.name);
    return fc.record(shape, { requiredKeys }) as fc.Arbitrary<Record<string, unknown>>;
  }

  /** A plausible value of `type`; optional input fields are sometimes left out. */
  value(type: GraphQLInputType, name: string, longList = false): fc.Arbitrary<unknown> {
    const inner = getNullableType(type);
    if (isListType(inner)) {
      const lengths = longList ? { minLength: 100, maxLength: 300 } : { minLength: 1, maxLength: 3 };
      return fc.array(this.value(inner.ofType, name), lengths);
    }
    if (isInputObjectType(inner)) {
      const fields = Object.values(inner.getFields());
      const shape = Object.fromEntries(fields.map((f) => [f.name, this.value(f.type, f.name)]));
      return fc.record(shape, { requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name) });
    }
    if (isScalarType(inner) || isEnumType(inner)) return this.plausible.leaf(inner, name, this.fieldName);
    throw new Error(`not an input type: ${String(type)}`);
  }

  /** Every place of `value` (of `type`) that can be made hostile, absent optional fields included. */
  private sitesOf(value: unknown, type: GraphQLInputType, path: Path, name: string): Site[] {
    const sites: Site[] = [{ path, name, type }];
    const inner = getNullableType(type);
    if (isListType(inner) && Array.isArray(value)) {
      value.slice(0, SITES_PER_LIST).forEach((item, i) => sites.push(...this.sitesOf(item, inner.ofType, [...path, i], name)));
    }
    if (isInputObjectType(inner) && isRecord(value)) {
      for (const field of Object.values(inner.getFields())) sites.push(...this.sitesOf(value[field.name], field.type, [...path, field.name], field.name));
    }
    return sites;
  }

  /** A hostile value for one site; null and "absent" too when the site may not be null. */
  private hostile(site: Site, current: unknown): fc.Arbitrary<unknown> {
    const forType = this.hostileOfType(site, current);
    if (!isNonNullType(site.type)) return forType;
    return fc.oneof({ arbitrary: forType, weight: 6 }, fc.constant(null), fc.constant(OMIT));
  }

  private hostileOfType(site: Site, current: unknown): fc.Arbitrary<unknown> {
    const inner = getNullableType(site.type);
    if (isListType(inner)) {
      const items = Array.isArray(current) ? current : [];
      return fc.oneof(
        fc.constant([]),
        this.value(site.type, site.name, true),
        fc.constant([items]),
        fc.constant(items[0] ?? null),
        fc.constant([null]),
        fc.array(this.hostileOfType({ ...site, type: inner.ofType }, items[0]), { minLength: 1, maxLength: 3 }),
        wrongKind(),
      );
    }
    if (isInputObjectType(inner)) {
      const record = isRecord(current) ? current : {};
      const required = Object.values(inner.getFields()).filter((f) => isNonNullType(f.type)).map((f) => f.name);
      return fc.oneof(
        required.length > 0 ? fc.constantFrom(...required).map((missing) => withoutKey(record, missing)) : fc.constant({}),
        fc.constantFrom("unknownField", "__proto__", "constructor", "id").map((key) => ({ ...record, [key]: "x" })),
        fc.constant({ ...record, nested: deepObject(200) }),
        wrongKind(),
      );
    }
    if (isEnumType(inner)) return fc.oneof(hostileEnum(enumValues(inner)), wrongKind());
    return fc.oneof({ arbitrary: this.hostileScalar(inner.name, site.name, current), weight: 4 }, wrongKind());
  }

  private hostileScalar(scalar: string, name: string, current: unknown): fc.Arbitrary<unknown> {
    if (name === "after") return hostileCursor(current);
    switch (scalar) {
      case "ID":
        return hostileId(current);
      case "Int":
      case "Float":
        return fc.oneof({ arbitrary: hostileNumber(), weight: 4 }, hostileString(String(current ?? "1")));
      case "Boolean":
        return hostileBoolean();
      case "DateTime":
        return fc.oneof({ arbitrary: hostileDateTime(), weight: 4 }, hostileString(current));
      case "LocalDate":
        return fc.oneof({ arbitrary: hostileLocalDate(), weight: 4 }, hostileString(current));
      case "Decimal":
        return fc.oneof({ arbitrary: hostileDecimal(), weight: 4 }, hostileString(current));
      default:
        return fc.oneof({ arbitrary: hostileString(current), weight: 4 }, hostileNumber());
    }
  }
}

const enumValues = (type: GraphQLEnumType) => type.getValues().map((v) => v.name);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function withoutKey(record: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = record;
  return rest;
}

/** `{ a: { a: { … } } }`, `depth` levels deep: JSON parsers and coercion must not recurse into trouble. */
function deepObject(depth: number): unknown {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

function valueAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], root);
}

/** A copy of `root` with `value` at `path` (OMIT deletes the key). */
function setAt<T>(root: T, path: Path, value: unknown): T {
  const [head, ...rest] = path;
  if (head === undefined) return value as T;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>;
  const next = rest.length === 0 ? value : setAt(copy[head] ?? {}, rest, value);
  if (next === OMIT) delete copy[head];
  else copy[head] = next;
  return copy as T;
}

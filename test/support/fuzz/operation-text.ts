/**
 * The GraphQL text of one fuzzed call: the root field with its arguments, either as variables
 * (where graphql-js coerces JSON values) or printed inline as literals (where the scalars'
 * parseLiteral runs), and a small selection of the answer's fields so their resolvers run too.
 */
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
} from "graphql";
import { OMIT } from "./input-arbitraries.js";

export type OperationKind = "query" | "mutation" | "subscription";
export type ArgumentStyle = "variables" | "literal";

export interface Operation {
  query: string;
  variables: Record<string, unknown>;
}

export function operationText(
  kind: OperationKind,
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
  style: ArgumentStyle,
): Operation {
  const selection = selectionOf(field.type, 1);
  if (field.args.length === 0) return { query: `${kind} Fuzz { ${field.name} ${selection} }`, variables: {} };
  if (style === "variables") {
    const definitions = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(", ");
    const uses = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(", ");
    const variables = Object.fromEntries(Object.entries(args).filter(([, value]) => value !== OMIT));
    return { query: `${kind} Fuzz(${definitions}) { ${field.name}(${uses}) ${selection} }`, variables };
  }
  const printed = field.args
    .filter((arg) => arg.name in args && args[arg.name] !== OMIT)
    .map((arg) => `${arg.name}: ${literal(args[arg.name], arg.type)}`);
  const argumentList = printed.length > 0 ? `(${printed.join(", ")})` : "";
  return { query: `${kind} Fuzz { ${field.name}${argumentList} ${selection} }`, variables: {} };
}

/** `__typename` and the leaf fields of the answer's type, and of its object fields `depth` levels down. */
function selectionOf(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return "";
  if (!isObjectType(named) && !isInterfaceType(named)) return "{ __typename }";
  const parts = ["__typename"];
  for (const field of Object.values(named.getFields())) {
    if (field.args.some((arg) => isNonNullType(arg.type))) continue;
    if (isLeafType(getNamedType(field.type))) parts.push(field.name);
    else if (depth > 0) parts.push(`${field.name} ${selectionOf(field.type, depth - 1)}`);
  }
  return `{ ${parts.join(" ")} }`;
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** A JS value printed as a GraphQL literal; `type` (when known) says where enum names go bare. */
function literal(value: unknown, type: GraphQLInputType | undefined): string {
  const inner = type ? getNullableType(type) : undefined;
  if (value === null || value === undefined || value === OMIT) return "null";
  if (typeof value === "string") return inner && isEnumType(inner) && NAME.test(value) ? value : JSON.stringify(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map((item) => literal(item, inner && isListType(inner) ? inner.ofType : undefined)).join(", ")}]`;
  if (typeof value === "object") {
    const fields = inner && isInputObjectType(inner) ? inner.getFields() : {};
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([key, item]) => NAME.test(key) && item !== OMIT)
      .map(([key, item]) => `${key}: ${literal(item, fields[key]?.type)}`);
    return `{${entries.join(", ")}}`;
  }
  return JSON.stringify(String(value));
}

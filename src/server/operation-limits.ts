/**
 * Bounds on what one operation may ask for, the same on HTTP and on graphql-ws (Apollo's plugins
 * and validation rules do not run for WebSocket operations, so websocket.ts applies these too).
 * All are refused with QUERY_TOO_COMPLEX before anything executes:
 * - tokens (Apollo's and graphql-js's own parser limit; graphql-armor's token plugin answers 500 under Apollo);
 * - depth, aliases and directives: graphql-armor's validation rules, introspection not counted;
 * - cost: graphql-query-complexity with list fields weighted by their page size — `first` as sent,
 *   from a literal or a variable — so ten pages of a hundred dossiers with their relations do not
 *   pass where one page of fifty does. Variables are only known per request, so this runs after
 *   validation (`assertAffordable`).
 * Production also turns introspection off (unless GRAPHQL_INTROSPECTION=true) and hides field
 * suggestions (src/server/errors.ts).
 */
import { ApolloArmor } from "@escape.tech/graphql-armor";
import {
  GraphQLError,
  getNamedType,
  getNullableType,
  isListType,
  visit,
  type ASTNode,
  NoSchemaIntrospectionCustomRule,
  specifiedRules,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from "graphql";
import { getComplexity, type ComplexityEstimator } from "graphql-query-complexity";
import type { ApolloServerPlugin } from "@apollo/server";
import type { OperationLimitSettings } from "../config.js";
import { DEFAULT_PAGE_SIZE } from "../services/validation.js";

/** Sets of variables whose cost is remembered per document. */
const COSTS_KEPT_PER_DOCUMENT = 256;

/** How many items a list without a page size (a dossier's timeline, a registration's parties) is assumed to hold. */
const NOMINAL_LIST_LENGTH = 10;

const tooComplex = (message: string) =>
  new GraphQLError(message, { extensions: { code: "QUERY_TOO_COMPLEX", http: { status: 400 } } });

export interface OperationLimits {
  /** For graphql-js's `parse` and Apollo's `parseOptions`. */
  maxTokens: number;
  /** Validation rules beyond graphql-js's own (already included in `allRules`). */
  rules: ValidationRule[];
  /** graphql-js's specified rules plus ours, for the WebSocket path. */
  allRules: ValidationRule[];
  introspection: boolean;
  /** Throws QUERY_TOO_COMPLEX when the operation, with these variables, costs more than allowed. */
  assertAffordable(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName?: string | null): void;
  /** Apollo: the cost check, once the operation and its variables are known. */
  apolloPlugin: ApolloServerPlugin;
}

export function createOperationLimits(settings: OperationLimitSettings): OperationLimits {
  const armor = new ApolloArmor({
    maxDepth: { n: settings.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: settings.maxAliases },
    maxDirectives: { n: settings.maxDirectives },
    // Ours instead: Apollo's parser limit, and a cost that weighs lists by their page size.
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    // Suggestions are hidden in one place for both transports (src/server/errors.ts).
    blockFieldSuggestion: { enabled: false },
  }).protect();
  const rules = [...armor.validationRules.map(asTooComplex), ...(settings.introspection ? [] : [NoSchemaIntrospectionCustomRule])];

  // The cost of a document with given values of the variables that steer it (page sizes, @include
  // and @skip) never changes: kept per parsed document (Apollo hands back the same DocumentNode for
  // the same text) for its last few such sets. A refusal to compute (variables that do not coerce)
  // is never kept: another request's variables must be costed on their own.
  const costs = new WeakMap<DocumentNode, { steering: string[]; known: Map<string, number> }>();
  const costOf = (schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName?: string | null) => {
    let kept = costs.get(document);
    if (!kept) costs.set(document, (kept = { steering: steeringVariables(document), known: new Map() }));
    const key = `${operationName ?? ""}\u0000${JSON.stringify(kept.steering.map((name) => variables?.[name]))}`;
    const known = kept.known.get(key);
    if (known !== undefined) return known;
    let cost: number;
    try {
      cost = getComplexity({ schema, query: document, variables: variables ?? {}, operationName: operationName ?? undefined, estimators: [pageWeighted] });
    } catch {
      return null; // variables that do not coerce: execution answers BAD_USER_INPUT for them
    }
    if (kept.known.size >= COSTS_KEPT_PER_DOCUMENT) kept.known.clear();
    kept.known.set(key, cost);
    return cost;
  };

  const assertAffordable: OperationLimits["assertAffordable"] = (schema, document, variables, operationName) => {
    const cost = costOf(schema, document, variables, operationName);
    if (cost === null) return;
    if (cost > settings.maxCost) {
      throw tooComplex(`The query costs ${cost}, more than the ${settings.maxCost} allowed: ask for fewer rows or fewer relations per request`);
    }
  };

  return {
    maxTokens: settings.maxTokens,
    rules,
    allRules: [...specifiedRules, ...rules],
    introspection: settings.introspection,
    assertAffordable,
    apolloPlugin: {
      async requestDidStart() {
        return {
          async didResolveOperation({ schema, document, request, operationName }) {
            assertAffordable(schema, document, request.variables, operationName);
          },
        };
      },
    },
  };
}

/**
 * Each field costs one for every time it would be resolved: a field with `first` multiplies what it
 * holds by that page size (the default page when `first` is absent), a list without one by a
 * nominal length; a connection's `nodes` is already counted by its `first`.
 */
const pageWeighted: ComplexityEstimator = ({ field, type, args, childComplexity }) => {
  // Introspection is costed by nothing: development serves it to tools, production refuses it outright.
  if (field.name.startsWith("__")) return 0;
  const first = typeof args.first === "number" ? Math.max(args.first, 1) : undefined;
  if (field.args.some((arg) => arg.name === "first")) {
    return (first ?? DEFAULT_PAGE_SIZE) * (1 + childComplexity);
  }
  const isList = isListType(getNullableType(field.type));
  const insideConnection = getNamedType(type).name.endsWith("Connection");
  return isList && !insideConnection ? NOMINAL_LIST_LENGTH * (1 + childComplexity) : 1 + childComplexity;
};

/** The variables a document's cost depends on: those given as a page size (`first`) or to a directive (`@include`, `@skip`). */
function steeringVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  const collect = (node: ASTNode) =>
    visit(node, {
      Variable: (variable) => {
        names.add(variable.name.value);
      },
    });
  visit(document, {
    Argument: (argument) => {
      if (argument.name.value === "first") collect(argument.value);
    },
    Directive: (directive) => {
      for (const argument of directive.arguments ?? []) collect(argument.value);
    },
  });
  return [...names].sort();
}

/** graphql-armor reports its refusals as plain validation errors: give them the SPEC §6 code and a 400. */
function asTooComplex(rule: ValidationRule): ValidationRule {
  return (context: ValidationContext) =>
    rule(
      new Proxy(context, {
        get(target, property) {
          if (property === "reportError") {
            return (error: GraphQLError) =>
              target.reportError(
                new GraphQLError(error.message.replace(/^Syntax Error: /, ""), {
                  nodes: error.nodes,
                  extensions: { code: "QUERY_TOO_COMPLEX", http: { status: 400 } },
                }),
              );
          }
          const value = Reflect.get(target, property, target);
          return typeof value === "function" ? value.bind(target) : value;
        },
      }),
    );
}

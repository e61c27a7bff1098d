/**
 * Apollo Server's execution replaced by graphql-jit (issue 14): each operation of a document is
 * compiled once into a function that resolves exactly its selection (no per-field lookup of
 * field definitions, argument coercion for fields without arguments, or generic completion),
 * then run for every request that sends the same document. Apollo keeps parsing (its document
 * cache hands the same DocumentNode back for the same text, so compilations are cached per
 * document object and go when Apollo forgets the document), validation, the operation limits and
 * every plugin; only `execute` changes. Apollo Server 5 takes another executor only through its
 * gateway interface, hence the shape.
 *
 * graphql-js still executes what graphql-jit should not: an operation it cannot compile, a
 * subscription, and variables that do not coerce (graphql-js's own errors, which Apollo recognises
 * as BAD_USER_INPUT, are the contract's answer to those).
 */
import type { ApolloServerOptionsWithGateway } from "@apollo/server";
import { execute, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { getVariableValues } from "graphql/execution/values.js";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";

type Compiled = CompiledQuery | null;
/** Apollo's gateway interface (its package is Apollo's dependency, not ours). */
type GatewayInterface = ApolloServerOptionsWithGateway<never>["gateway"];
type GatewayExecutor = NonNullable<Awaited<ReturnType<GatewayInterface["load"]>>["executor"]>;

export interface CompiledExecution {
  executor: GatewayExecutor;
  /** Operations compiled so far, and those left to graphql-js (for tests and metrics). */
  stats: { compiled: number; fallbacks: number };
}

export function createCompiledExecution(schema: GraphQLSchema): CompiledExecution {
  const compilations = new WeakMap<DocumentNode, Map<string, Compiled>>();
  const stats = { compiled: 0, fallbacks: 0 };

  const compiledFor = (document: DocumentNode, operation: OperationDefinitionNode, operationName: string | null): Compiled => {
    let byOperation = compilations.get(document);
    if (!byOperation) compilations.set(document, (byOperation = new Map()));
    const key = operationName ?? "";
    let compiled = byOperation.get(key);
    if (compiled === undefined) {
      const result = operation.operation === "subscription" ? null : compileQuery(schema, document, operationName ?? undefined);
      compiled = result && isCompiledQuery(result) ? result : null;
      if (compiled) stats.compiled++;
      else stats.fallbacks++;
      byOperation.set(key, compiled);
    }
    return compiled;
  };

  const executor: GatewayExecutor = async (requestContext) => {
    const { document, operation, operationName, context } = requestContext;
    const variables = requestContext.request.variables ?? {};
    const compiled = compiledFor(document, operation, operationName);
    if (compiled && !("errors" in getVariableValues(schema, operation.variableDefinitions ?? [], variables))) {
      return asGraphQLJsErrors(await compiled.query(undefined, context, variables));
    }
    return execute({ schema, document, contextValue: context, variableValues: variables, operationName });
  };
  return { executor, stats };
}

/**
 * graphql-jit's errors are its own kind of GraphQLError (no `nodes`, no `extensions` unless the
 * thrown error had some): made graphql-js's, with the same message, path, locations and original
 * error, so Apollo and src/server/errors.ts treat them exactly as before.
 */
function asGraphQLJsErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  const errors = result.errors.map((error) => {
    const converted = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions });
    if (error.locations) (converted as { locations?: unknown }).locations = error.locations;
    return converted;
  });
  return { ...result, errors };
}

/** The gateway Apollo Server is given: the schema, once, and the compiled executor. */
export function compiledGateway(schema: GraphQLSchema, execution: CompiledExecution): GatewayInterface {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: "" });
      return () => {};
    },
    load: async () => ({ executor: execution.executor }),
    stop: async () => {},
  };
}

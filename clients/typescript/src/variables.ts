/**
 * The variables a caller passes for a document: the document's own, except that an
 * `idempotencyKey` may be left out (the client makes one), and none at all when nothing is required.
 */
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";

export type Variables = Record<string, unknown>;

/** A document's variables with `idempotencyKey` optional. */
export type CallerVariables<V> = V extends { idempotencyKey: infer Key }
  ? Omit<V, "idempotencyKey"> & { idempotencyKey?: Key }
  : V;

/** `[variables]` when some variable is required, `[variables?]` otherwise; then the call's options. */
export type ArgumentsFor<V, Options> = {} extends CallerVariables<V>
  ? [variables?: CallerVariables<V>, options?: Options]
  : [variables: CallerVariables<V>, options?: Options];

/** The same without options (subscriptions). */
export type VariablesFor<V> = {} extends CallerVariables<V> ? [variables?: CallerVariables<V>] : [variables: CallerVariables<V>];

/** Any typed document: a shipped one, one generated from your own operations, or `parse()`'s with explicit types. */
export type HubDocument<TData, TVariables> = TypedDocumentNode<TData, TVariables>;

/** Fills every idempotency key the caller left out with a new UUID v4, once per call (so retries reuse it). */
export function withIdempotencyKeys(keyVariables: readonly string[], given: Variables | undefined): { variables: Variables; idempotencyKey: string | undefined } {
  const variables: Variables = { ...given };
  let idempotencyKey: string | undefined;
  for (const name of keyVariables) {
    const value = variables[name];
    if (value === undefined || value === null) variables[name] = newIdempotencyKey();
    idempotencyKey ??= String(variables[name]);
  }
  return { variables, idempotencyKey };
}

/** A fresh idempotency key (UUID v4), for callers who store it before sending, as the hub advises. */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

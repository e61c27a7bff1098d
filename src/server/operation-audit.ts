/**
 * What an operation leaves in the audit trail once its result is known, for HTTP and WebSocket
 * alike: each mutation refused (with its SPEC §6 code) or accepted without a service having
 * recorded it in its transaction, and each refused access (FORBIDDEN; UNAUTHENTICATED when a token
 * came). The entries go in one statement with the operation's personal-data reads.
 */
import { Kind, valueFromASTUntyped, type DocumentNode, type FieldNode, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { describeInternalError } from "../logger.js";
import type { RequestScope } from "../request-scope.js";
import { parseGlobalId } from "../schema/node.js";
import { mutationEntities, entityOfNodeType, type AuditEvent } from "../services/audit/audit-log.js";
import type { HubContext } from "./context.js";

export interface OperationRequest {
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

interface ResultError {
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

/** Arguments that name the record an operation acts on. */
const ID_ARGUMENTS = ["id", "dossierId", "slotId", "subjectId", "endpointId", "deliveryId"];

function operationAuditEvents(request: OperationRequest, errors: readonly ResultError[] | undefined, scope: RequestScope): AuditEvent[] {
  const operation = pickOperation(request);
  if (!operation) return [];
  const events: AuditEvent[] = [];
  for (const field of rootFields(operation.selectionSet, request.document)) {
    const key = field.alias?.value ?? field.name.value;
    const code = errors?.find((error) => error.path?.[0] === key)?.extensions?.code;
    const target = targetOf(field, request.variables ?? {});
    if (operation.operation === "mutation") {
      const entity = target?.entity ?? mutationEntities[field.name.value] ?? "operation";
      if (typeof code === "string") events.push({ action: field.name.value, entity, entityId: target?.id, outcome: code });
      else if (!scope.audited?.has(field.name.value)) events.push({ action: field.name.value, entity, entityId: target?.id });
    } else if (code === "FORBIDDEN" || (code === "UNAUTHENTICATED" && scope.hadToken)) {
      events.push({ action: "access.denied", entity: target?.entity ?? "operation", entityId: target?.id, outcome: code });
    }
  }
  return events;
}

/** Appends the operation's personal-data reads and outcome entries in one statement; a failure is logged, never the client's. */
export async function recordOperation(context: HubContext, request: OperationRequest | undefined, errors: readonly ResultError[] | undefined): Promise<void> {
  const events = [...context.audit.take(), ...(request ? operationAuditEvents(request, errors, context.scope) : [])];
  if (events.length === 0) return;
  try {
    await context.services.audit.log.recordAll(events, context.scope);
  } catch (error) {
    context.logger.error({ error: describeInternalError(error) }, "audit: could not record the operation");
  }
}

function pickOperation({ document, operationName }: OperationRequest): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
}

function rootFields(set: SelectionSetNode, document: DocumentNode, seen = new Set<string>()): FieldNode[] {
  return set.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value.startsWith("__") ? [] : [selection];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet, document, seen);
    const name = selection.name.value;
    const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name);
    if (!fragment || fragment.kind !== Kind.FRAGMENT_DEFINITION || seen.has(name)) return [];
    return rootFields(fragment.selectionSet, document, new Set(seen).add(name));
  });
}

/** The record a field's id argument names, when it is a well-formed global id of a kind the trail knows. */
function targetOf(field: FieldNode, variables: Record<string, unknown>): { entity: AuditEvent["entity"]; id: string } | undefined {
  for (const argument of field.arguments ?? []) {
    if (!ID_ARGUMENTS.includes(argument.name.value)) continue;
    const value = valueFromASTUntyped(argument.value, variables);
    const parsed = typeof value === "string" ? parseGlobalId(value) : null;
    const entity = parsed ? entityOfNodeType[parsed.type] : undefined;
    if (parsed && entity) return { entity, id: parsed.id };
  }
  return undefined;
}

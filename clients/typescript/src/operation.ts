/**
 * What the client needs to know about a document before it sends it, read once from its AST and
 * kept per document: the operation's kind and text, which variables carry idempotency keys (so a
 * key can be made when the caller gives none, and a retry is known to be safe), and, for a
 * subscription the hub can replay, where its resume position is.
 */
import {
  Kind,
  print,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

type OperationKind = "query" | "mutation" | "subscription";

/** A subscription whose events carry a position the hub can replay after (SPEC §5). */
interface ResumePoint {
  /** The variable the position is passed back in, e.g. `afterSequence`. */
  variable: string;
  /** The root field's key in each event's data (its alias, or its name). */
  responseKey: string;
  /** The field of the event holding its position, e.g. `sequence`. */
  cursorField: string;
}

export interface Operation {
  kind: OperationKind;
  name: string | undefined;
  query: string;
  /** Variables bound to an `idempotencyKey` argument of a root field. */
  idempotencyKeyVariables: readonly string[];
  /**
   * Safe to send again after it may have reached the hub: a query, or a mutation each of whose root
   * fields carries an idempotency key (the hub answers a repeat with the first result).
   */
  retrySafe: boolean;
  resume: ResumePoint | undefined;
}

/** Root fields that replay from a position, and how (the contract's `dossierEvents(afterSequence)`). */
const resumableFields: Record<string, { argument: string; cursorField: string }> = {
  dossierEvents: { argument: "afterSequence", cursorField: "sequence" },
};

const IDEMPOTENCY_KEY_ARGUMENT = "idempotencyKey";

const operations = new WeakMap<DocumentNode, Operation>();

export function describeOperation(document: DocumentNode): Operation {
  let operation = operations.get(document);
  if (!operation) {
    operation = readOperation(document);
    operations.set(document, operation);
  }
  return operation;
}

function readOperation(document: DocumentNode): Operation {
  const definitions = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (definitions.length !== 1) {
    throw new TypeError(`A document sent to the hub must hold exactly one operation; this one has ${definitions.length}`);
  }
  const definition = definitions[0]!;
  // Root fields reached through fragment spreads are not looked into: such a mutation counts as not
  // retry-safe and gets no generated key, the cautious reading.
  const rootFields = definition.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD);
  const spreadsAtRoot = rootFields.length !== definition.selectionSet.selections.length;

  const idempotencyKeyVariables: string[] = [];
  let everyFieldKeyed = !spreadsAtRoot && rootFields.length > 0;
  for (const field of rootFields) {
    const key = field.arguments?.find((argument) => argument.name.value === IDEMPOTENCY_KEY_ARGUMENT);
    if (!key) everyFieldKeyed = false;
    else if (key.value.kind === Kind.VARIABLE) idempotencyKeyVariables.push(key.value.name.value);
  }

  return {
    kind: definition.operation,
    name: definition.name?.value,
    query: print(document),
    idempotencyKeyVariables,
    retrySafe: definition.operation === "query" || (definition.operation === "mutation" && everyFieldKeyed),
    resume: definition.operation === "subscription" ? resumePointOf(rootFields, fragmentsOf(document)) : undefined,
  };
}

function resumePointOf(rootFields: FieldNode[], fragments: Map<string, FragmentDefinitionNode>): ResumePoint | undefined {
  if (rootFields.length !== 1) return undefined;
  const field = rootFields[0]!;
  const rule = resumableFields[field.name.value];
  if (!rule) return undefined;
  const argument = field.arguments?.find((a) => a.name.value === rule.argument);
  // The position must travel in a variable (to be changed on resubscribing) and come back in each event.
  if (argument?.value.kind !== Kind.VARIABLE) return undefined;
  const cursor = field.selectionSet && fieldsOf(field.selectionSet, fragments).find((f) => f.name.value === rule.cursorField);
  if (!cursor) return undefined;
  return {
    variable: argument.value.name.value,
    responseKey: field.alias?.value ?? field.name.value,
    cursorField: cursor.alias?.value ?? cursor.name.value,
  };
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/** The fields a selection set selects, through its fragment spreads and inline fragments. */
function fieldsOf(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): FieldNode[] {
  return selectionSet.selections.flatMap((selection): FieldNode[] => {
    if (selection.kind === Kind.FIELD) return [selection];
    if (selection.kind === Kind.INLINE_FRAGMENT) return fieldsOf(selection.selectionSet, fragments, seen);
    const fragment = fragments.get(selection.name.value);
    if (!fragment || seen.has(fragment.name.value)) return [];
    seen.add(fragment.name.value);
    return fieldsOf(fragment.selectionSet, fragments, seen);
  });
}

/**
 * What a resolver's field selects below it, read from the operation (graphql-js and graphql-jit
 * both give `info`): a resolver can then read in one statement what its value's fields will ask for.
 */
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";

/**
 * The names of the fields selected on this field's value — or, with `path`, on the value of the
 * fields that path names below it (`["nodes"]` for a connection's rows) — through inline fragments
 * and fragment spreads. `@skip`/`@include` are not applied: a skipped field counts as selected,
 * which only reads more.
 */
export function selectedFields(info: GraphQLResolveInfo, path: readonly string[] = []): Set<string> {
  let sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const name of path) {
    sets = sets.flatMap((set) => fieldsOf(info, set).flatMap((field) => (field.name.value === name && field.selectionSet ? [field.selectionSet] : [])));
  }
  return new Set(sets.flatMap((set) => fieldsOf(info, set).map((field) => field.name.value)));
}

/** The fields of a selection set, those inside its fragments included. */
function fieldsOf(info: GraphQLResolveInfo, selectionSet: SelectionSetNode): FieldNode[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection];
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : info.fragments[selection.name.value]?.selectionSet;
    return fragment ? fieldsOf(info, fragment) : [];
  });
}

/**
 * What a selection's fields read of a row, given a type's field → columns map (`sequence` reads
 * `["sequence"]`, `__typename` nothing): the union of the selected fields' columns, or `undefined`
 * — every column — when a field not in the map is selected, so a field added to the type without
 * its columns reads whole rows, never too few. `path` as for `selectedFields`. Memoized per field
 * of the operation: a list's rows ask with the same `info.fieldNodes`.
 */
export function columnsBySelection<C extends string>(fieldColumns: Readonly<Record<string, readonly C[]>>) {
  const known = new WeakMap<readonly FieldNode[], Map<string, readonly C[] | undefined>>();
  return (info: GraphQLResolveInfo, path: readonly string[] = []): readonly C[] | undefined => {
    let byPath = known.get(info.fieldNodes);
    if (!byPath) known.set(info.fieldNodes, (byPath = new Map()));
    const pathKey = path.join(".");
    if (byPath.has(pathKey)) return byPath.get(pathKey);
    const columns = new Set<C>();
    let whole = false;
    for (const field of selectedFields(info, path)) {
      const read = Object.hasOwn(fieldColumns, field) ? fieldColumns[field] : undefined;
      if (!read) whole = true;
      else for (const column of read) columns.add(column);
    }
    const found = whole ? undefined : [...columns];
    byPath.set(pathKey, found);
    return found;
  };
}

/**
 * What a resolver's field selects below it, read from the operation (graphql-js and graphql-jit
 * both give `info`): a resolver can then read in one statement what its value's fields will ask for.
 */
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";

/**
 * The names of the fields selected on this field's value, through inline fragments and fragment
 * spreads. `@skip`/`@include` are not applied: a skipped field counts as selected, which only reads more.
 */
export function selectedFields(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const visit = (selectionSet: SelectionSetNode | undefined) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else visit(info.fragments[selection.name.value]?.selectionSet);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return names;
}

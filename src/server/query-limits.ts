/**
 * Bounds on what one operation may ask for, so a single request cannot make the hub walk an
 * unbounded graph: a maximum selection depth and a maximum number of selected fields (aliases and
 * fragments expanded). Both fail with QUERY_TOO_COMPLEX before anything executes.
 */
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from "graphql";

export const MAX_DEPTH = 12;
export const MAX_FIELDS = 1000;

export function queryLimitsRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const definition of context.getDocument().definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      }
      let fields = 0;
      let tooBig = false;
      const walk = (set: SelectionSetNode, depth: number, seen: Set<string>) => {
        if (tooBig) return;
        if (depth > MAX_DEPTH) {
          tooBig = true;
          return report(context, `The query is nested deeper than ${MAX_DEPTH} levels`);
        }
        for (const selection of set.selections) {
          if (selection.kind === Kind.FIELD) {
            if (++fields > MAX_FIELDS) {
              tooBig = true;
              return report(context, `The query selects more than ${MAX_FIELDS} fields`);
            }
            if (selection.selectionSet) walk(selection.selectionSet, depth + 1, seen);
          } else if (selection.kind === Kind.INLINE_FRAGMENT) {
            walk(selection.selectionSet, depth, seen);
          } else {
            const fragment = fragments.get(selection.name.value);
            // A cycle is reported by graphql-js's own NoFragmentCycles rule.
            if (fragment && !seen.has(fragment.name.value)) {
              walk(fragment.selectionSet, depth, new Set(seen).add(fragment.name.value));
            }
          }
        }
      };
      walk(operation.selectionSet, 1, new Set());
    },
  };
}

function report(context: ValidationContext, message: string) {
  context.reportError(new GraphQLError(message, { extensions: { code: "QUERY_TOO_COMPLEX" } }));
}

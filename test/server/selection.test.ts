/**
 * What a resolver reads of a row follows the operation's selection (src/resolvers/selection.ts):
 * through aliases, inline fragments and fragment spreads; a field the map does not know reads
 * whole rows.
 */
import { buildSchema, execute, parse, type GraphQLResolveInfo } from "graphql";
import { expect, it } from "vitest";
import { columnsBySelection } from "../../src/resolvers/selection.js";

const schema = buildSchema(`
  type Event { sequence: Int, status: String, at: String, note: String }
  type Item { events: [Event] }
  type Query { items: [Item] }
`);
const eventColumns = columnsBySelection({ __typename: [], sequence: ["sequence"], status: ["status"], at: ["at", "sequence"] });

/** Runs `query` and returns what the map gives at `items` (with `path`) and at each item's `events`. */
function columnsIn(query: string, path: readonly string[]) {
  const seen: { atItems?: readonly string[] | undefined; atEvents: Array<readonly string[] | undefined> } = { atEvents: [] };
  execute({
    schema,
    document: parse(query),
    fieldResolver: (_source, _args, _context, info) => {
      if (info.fieldName === "items") {
        seen.atItems = eventColumns(info, path);
        return [{}, {}];
      }
      if (info.fieldName === "events") {
        seen.atEvents.push(eventColumns(info));
        return [{}];
      }
      return null;
    },
  });
  return seen;
}

it("gives the union of the selected fields' columns, through aliases and fragments", () => {
  const seen = columnsIn(`{ items { events { __typename status ... on Event { at } ...E } } } fragment E on Event { sequence }`, ["events"]);
  expect([...seen.atItems!].sort()).toEqual(["at", "sequence", "status"]);
  // Each row's field asks with the same set (memoized per field of the operation).
  expect(seen.atEvents).toHaveLength(2);
  expect(seen.atEvents[0]).toBe(seen.atEvents[1]);
  expect([...seen.atEvents[0]!].sort()).toEqual(["at", "sequence", "status"]);
});

it("gives undefined — every column — when a selected field is not in the map", () => {
  const seen = columnsIn(`{ items { events { status note } } }`, ["events"]);
  expect(seen.atItems).toBeUndefined();
  expect(seen.atEvents).toEqual([undefined, undefined]);
});

it("does not take a name inherited from Object.prototype for a mapped field", () => {
  const map = columnsBySelection<string>({ status: ["status"] });
  const info = { fieldNodes: parse(`{ x { status constructor } }`).definitions.flatMap((d) => ("selectionSet" in d ? d.selectionSet.selections : [])), fragments: {} };
  expect(map(info as unknown as GraphQLResolveInfo)).toBeUndefined();
});

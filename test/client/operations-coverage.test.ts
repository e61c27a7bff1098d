/**
 * Every shipped operation is run through the client by an *-operations test, with the role it is
 * for: a new operation in clients/typescript/operations/ fails here until a test sends it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const generated = readFileSync(new URL("../../clients/typescript/src/generated/graphql.ts", import.meta.url), "utf8");
const shipped = [...generated.matchAll(/^export const (\w+Document) = /gm)].map((match) => match[1]!);

const testsFolder = new URL("./", import.meta.url);
const operationTests = readdirSync(testsFolder).filter((name) => name.endsWith("-operations.test.ts"));
const sent = new Set(
  operationTests.flatMap((name) =>
    [...readFileSync(new URL(name, testsFolder), "utf8").matchAll(/\.(?:request|subscribe)\((\w+Document)\b/g)].map((match) => match[1]!),
  ),
);

describe("the shipped operations", () => {
  it("are each sent through the client by a test", () => {
    expect(shipped.length).toBeGreaterThan(30);
    expect(shipped.filter((name) => !sent.has(name))).toEqual([]);
  });
});

/**
 * The public contract (api/contract.graphql, a copy of the shared one) must be served without a
 * breaking change, the copy must be current, and the committed schema.graphql must be what the
 * code builds.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSchema as buildSdl, findBreakingChanges, printSchema, type GraphQLSchema } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config.js";
import { buildHubSchema } from "../../src/resolvers/index.js";

const contractCopy = join(projectRoot, "api", "contract.graphql");
const sharedContract = join(projectRoot, "..", "shared", "api", "contract.graphql");

/** What the domains whose issues have not landed yet will serve; removed as each lands. */
const pendingByDomain: Record<string, string[]> = {};
const pending = new Set(Object.values(pendingByDomain).flat().map((name) => `${name} was removed.`));

let served: GraphQLSchema;
beforeAll(async () => {
  served = await buildHubSchema();
});

describe("the public contract", () => {
  it("is served without breaking changes", () => {
    const contract = buildSdl(readFileSync(contractCopy, "utf8"));
    const breaking = findBreakingChanges(contract, served).filter((change) => !pending.has(change.description));
    expect(breaking.map((change) => change.description)).toEqual([]);
  });

  it.runIf(existsSync(sharedContract))("keeps its copy identical to ../shared/api/contract.graphql", () => {
    expect(readFileSync(contractCopy, "utf8")).toBe(readFileSync(sharedContract, "utf8"));
  });

  it("has schema.graphql up to date (run `npm run schema:emit`)", () => {
    expect(readFileSync(join(projectRoot, "schema.graphql"), "utf8")).toBe(printSchema(served) + "\n");
  });
});

/**
 * The public contract (api/contract.graphql: the shared contract.graphql followed by the shared
 * webhooks.graphql, whose issue has landed) must be served without a breaking change, the copy must
 * be current, and the committed schema.graphql must be what the code builds.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSchema as buildSdl, findBreakingChanges, printSchema, type GraphQLSchema } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config.js";
import { buildHubSchema } from "../../src/resolvers/index.js";

const contractCopy = join(projectRoot, "api", "contract.graphql");
const sharedContract = join(projectRoot, "..", "shared", "api", "contract.graphql");
/** The webhooks issue's additions (SPEC §8), kept apart in the shared folder and appended to the copy. */
const sharedWebhooks = join(projectRoot, "..", "shared", "api", "webhooks.graphql");

/** The copy as it must read: the shared contract, a blank line, then webhooks.graphql as it is. */
function expectedCopy(): string {
  const contract = readFileSync(sharedContract, "utf8");
  return `${contract.replace(/\n*$/, "\n")}\n${readFileSync(sharedWebhooks, "utf8")}`;
}

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

  const sharedPresent = existsSync(sharedContract) && existsSync(sharedWebhooks);
  it.runIf(sharedPresent)(
    `keeps its copy identical to ../shared/api/contract.graphql followed by ../shared/api/webhooks.graphql${
      sharedPresent ? "" : " [skipped: no ../shared beside this checkout, so there is nothing to compare the copy with]"
    }`,
    () => {
      expect(readFileSync(contractCopy, "utf8")).toBe(expectedCopy());
    },
  );

  it("serves every type and root field of webhooks.graphql", () => {
    const contract = buildSdl(readFileSync(contractCopy, "utf8"));
    for (const name of ["WebhookEventType", "WebhookDeliveryStatus", "WebhookEndpoint", "WebhookDelivery", "WebhookDeliveryConnection", "WebhookEndpointSecret", "CreateWebhookEndpointInput", "UpdateWebhookEndpointInput"]) {
      expect(contract.getType(name), name).toBeDefined();
      expect(served.getType(name), name).toBeDefined();
    }
    const roots = { Query: ["webhookEndpoints"], Mutation: ["createWebhookEndpoint", "updateWebhookEndpoint", "rotateWebhookSecret", "deleteWebhookEndpoint", "sendTestWebhook", "redeliverWebhook"] };
    for (const [type, fields] of Object.entries(roots)) {
      for (const field of fields) expect(served.getType(type)?.toConfig(), `${type}.${field}`).toHaveProperty(["fields", field]);
    }
  });

  it("has schema.graphql up to date (run `npm run schema:emit`)", () => {
    expect(readFileSync(join(projectRoot, "schema.graphql"), "utf8")).toBe(printSchema(served) + "\n");
  });
});

/**
 * Secure by default: every root field declares who may call it (@Allow, @Authenticated or
 * @Public); a field that declares nothing fails this test. The public ones are exactly the two
 * SPEC §1 names.
 */
import { describe, expect, it } from "vitest";
import { ACCESS_EXTENSION } from "../../src/auth/access.js";
import { buildHubSchema } from "../../src/resolvers/index.js";

describe("root field access rules", () => {
  it("are declared on every Query, Mutation and Subscription field", async () => {
    const schema = await buildHubSchema();
    const undeclared: string[] = [];
    const publicFields: string[] = [];
    for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
      for (const field of Object.values(root?.getFields() ?? {})) {
        const rule = field.extensions?.[ACCESS_EXTENSION];
        if (rule === undefined) undeclared.push(`${root!.name}.${field.name}`);
        if (rule === "PUBLIC") publicFields.push(`${root!.name}.${field.name}`);
      }
    }
    expect(undeclared).toEqual([]);
    expect(publicFields.sort()).toEqual(["Mutation.rateService", "Query.trackDossier"]);
  });
});

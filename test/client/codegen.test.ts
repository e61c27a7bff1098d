/**
 * The committed types of the client package are what the generator makes from the contract and the
 * shipped operations now: a contract change (or an edited operation) without `npm run codegen`
 * fails here.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { generate } from "@graphql-codegen/cli";
import { describe, expect, it } from "vitest";
import packageCodegenConfig from "../../clients/typescript/codegen.js";

describe("the client package's generated types", () => {
  it("match what `npm run codegen` makes from api/contract.graphql and clients/typescript/operations", async () => {
    const outputs: Array<{ filename: string; content: string }> = await generate({ ...packageCodegenConfig, silent: true }, false);
    const [folder] = Object.keys(packageCodegenConfig.generates);
    const committed = readdirSync(folder!).sort();
    expect(outputs.map((output) => basename(output.filename)).sort(), "files in src/generated/").toEqual(committed);
    for (const output of outputs) {
      const stale = readFileSync(join(dirname(output.filename), basename(output.filename)), "utf8") !== output.content;
      expect(stale, `${basename(output.filename)} is stale: run \`npm run codegen\` and commit src/generated/`).toBe(false);
    }
  });
});

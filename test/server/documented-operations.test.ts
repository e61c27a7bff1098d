/**
 * The operation limits refuse nothing the contract's documented operations do (issue 11): every
 * GraphQL block of the README and the guides, the typed client's shipped operations and the
 * benchmark's documents validate against the served schema under the default limits and cost less
 * than the default budget, with every page-size variable at its largest (100).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Kind, parse, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig, projectRoot } from "../../src/config.js";
import { buildHubSchema } from "../../src/resolvers/index.js";
import { createOperationLimits } from "../../src/server/operation-limits.js";

const limits = createOperationLimits(loadConfig({ NODE_ENV: "test" }).graphql);
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildHubSchema();
});

function markdownBlocks(file: string): Array<{ where: string; source: string }> {
  const text = readFileSync(join(projectRoot, file), "utf8");
  return [...text.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match, index) => ({ where: `${file} #${index + 1}`, source: match[1]! }));
}

function graphqlFiles(folder: string): Array<{ where: string; source: string }> {
  return readdirSync(join(projectRoot, folder))
    .filter((name) => name.endsWith(".graphql"))
    .map((name) => ({ where: `${folder}/${name}`, source: readFileSync(join(projectRoot, folder, name), "utf8") }));
}

/** The client's operation files share their fragments: checked as one document. */
function asOneDocument(where: string, files: Array<{ source: string }>) {
  return { where, source: files.map((file) => file.source).join("\n") };
}

const documented = [
  ...["README.md", ...readdirSync(join(projectRoot, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)].flatMap(markdownBlocks),
  asOneDocument("clients/typescript/operations", graphqlFiles("clients/typescript/operations")),
  ...graphqlFiles("bench/operations/hub"),
];

/** Every variable named like a page size at its largest, so the cost is the worst the document allows. */
function largestPages(operation: OperationDefinitionNode): Record<string, unknown> {
  return Object.fromEntries((operation.variableDefinitions ?? []).filter((v) => /^(first|n|size|pageSize)$/i.test(v.variable.name.value)).map((v) => [v.variable.name.value, 100]));
}

describe("documented operations under the default limits", () => {
  it("finds documents to check", () => {
    expect(documented.length).toBeGreaterThan(20);
  });

  it.each(documented)("$where", ({ source }) => {
    const document: DocumentNode = parse(source, { maxTokens: limits.maxTokens });
    expect(validate(schema, document, limits.allRules).map((error) => error.message)).toEqual([]);
    for (const operation of document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)) {
      expect(() => limits.assertAffordable(schema, document, largestPages(operation), operation.name?.value)).not.toThrow();
    }
  });
});

/**
 * The GraphQL Code Generator settings this package's own types are made with, offered to partner
 * developers for their own operations: the same contract, scalars and naming, so their documents
 * go to `request` and `subscribe` exactly like the shipped ones.
 *
 *   // codegen.ts in your project, then `npx graphql-codegen --config codegen.ts`
 *   import { hubCodegenConfig } from "@hanoi-hub/client/codegen";
 *   export default hubCodegenConfig({ documents: "src/**\/*.graphql", output: "src/hub-operations/" });
 *
 * Node only (it locates the contract file); nothing here is imported by the client itself.
 */
import { fileURLToPath } from "node:url";

export interface HubCodegenOptions {
  /** Globs of the documents (.graphql files) to type. */
  documents: string | string[];
  /** The folder the client preset writes to; must end with "/". */
  output: string;
  /** The schema to type against; by default the contract this package was built from. */
  schema?: string;
}

/** The contract's custom scalars as they travel in JSON: all three are strings. */
const hubScalars = {
  DateTime: "string",
  LocalDate: "string",
  Decimal: "string",
} as const;

/** A `CodegenConfig` of `@graphql-codegen/cli` (typed structurally, so this package needs no codegen dependency). */
export interface HubCodegenConfig {
  schema: string;
  documents: string[];
  ignoreNoDocuments: boolean;
  generates: Record<string, { preset: "client"; presetConfig: Record<string, unknown>; config: Record<string, unknown> }>;
}

export function hubCodegenConfig(options: HubCodegenOptions): HubCodegenConfig {
  if (!options.output.endsWith("/")) throw new Error(`output must be a folder ending with "/": ${options.output}`);
  return {
    schema: options.schema ?? fileURLToPath(new URL("./contract.graphql", import.meta.url)),
    documents: Array.isArray(options.documents) ? options.documents : [options.documents],
    // An empty document set is a mistake (a wrong glob), not "nothing to do".
    ignoreNoDocuments: false,
    generates: {
      [options.output]: {
        preset: "client",
        // Result types spell out every selected field, fragments included: no unmasking helper to learn.
        presetConfig: { fragmentMasking: false },
        config: {
          scalars: hubScalars,
          strictScalars: true,
          // Enums as string unions: no runtime enum objects, and values compare with plain strings.
          enumsAsTypes: true,
          // Only the input and enum types operations use, not the whole schema's object types.
          onlyOperationTypes: true,
          skipTypename: true,
          // A nullable field the hub always answers is `T | null`, not optional; variables stay optional.
          avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
          useTypeImports: true,
          // Relative imports with .js, as ESM on Node (NodeNext) needs.
          importExtension: ".js",
        },
      },
    },
  };
}

/**
 * `npm run codegen`: the package's types from the contract (api/contract.graphql) and the shipped
 * operations (operations/*.graphql) into src/generated/. Partner developers use the same settings
 * through `hubCodegenConfig` (README, "Your own operations").
 */
import { fileURLToPath } from "node:url";
import { hubCodegenConfig } from "./src/codegen-config.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const packageCodegenConfig = hubCodegenConfig({
  schema: here("../../api/contract.graphql"),
  documents: here("./operations/*.graphql"),
  output: here("./src/generated/"),
});

export default packageCodegenConfig;

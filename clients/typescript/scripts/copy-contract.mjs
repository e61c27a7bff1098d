// Part of `npm run build`: ships the contract the types were made from, so partner developers can
// type their own operations against it (`@hanoi-hub/client/contract.graphql`, hubCodegenConfig).
import { copyFileSync, mkdirSync } from "node:fs";

const from = new URL("../../../api/contract.graphql", import.meta.url);
const to = new URL("../dist/contract.graphql", import.meta.url);
mkdirSync(new URL("../dist/", import.meta.url), { recursive: true });
copyFileSync(from, to);

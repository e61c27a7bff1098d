/** `npm run docs:states`: writes docs/state-machines.md from the transition tables. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../src/config.js";
import { renderStateMachines } from "./state-machines.js";

writeFileSync(join(projectRoot, "docs", "state-machines.md"), renderStateMachines());
console.log("docs/state-machines.md written");

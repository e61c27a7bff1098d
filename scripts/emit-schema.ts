/** Writes the served schema to schema.graphql (committed; a test fails when it is stale). */
import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { printSchema } from "graphql";
import { projectRoot } from "../src/config.js";
import { buildHubSchema } from "../src/resolvers/index.js";

const schema = await buildHubSchema();
writeFileSync(join(projectRoot, "schema.graphql"), printSchema(schema) + "\n");
console.log("schema.graphql written");

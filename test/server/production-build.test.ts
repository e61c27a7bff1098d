/**
 * The production path (issue 13): `npm run build` compiles src/ to dist/, and `node dist/main.js`
 * with NODE_ENV=production starts from there (migrations from the project root, the land book
 * JSON beside its module), answers GraphQL, and stops cleanly.
 */
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { projectRoot } from "../../src/config.js";
import { createTestDatabase } from "../support/database.js";

it("builds to dist/ and node dist/main.js answers in production mode", { timeout: 180_000 }, async () => {
  await promisify(execFile)("npm", ["run", "build"], { cwd: projectRoot });

  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), "hub-prod-"));
  // On PostgreSQL, the test's own database; otherwise production mode's PGlite in the data folder.
  const env = { ...process.env, NODE_ENV: "production", PORT: "0", HUB_DATA_DIR: dataDir, DATABASE_URL: database.url ?? "", LOG_LEVEL: "warn" };
  await database.close();
  const hub = spawn(process.execPath, ["dist/main.js"], { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  try {
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed:\n${output}`)), 90_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const found = /(http:\/\/localhost:\d+\/graphql)/.exec(output);
        if (found) {
          clearTimeout(timer);
          resolve(found[1]!);
        }
      };
      hub.stdout.on("data", read);
      hub.stderr.on("data", read);
      hub.on("exit", (code) => reject(new Error(`exited with ${code}:\n${output}`)));
    });

    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(await response.json()).toEqual({ data: { __typename: "Query" } });

    const exit = new Promise<number | null>((resolve) => hub.on("exit", resolve));
    hub.kill("SIGTERM");
    expect(await exit).toBe(0);
  } finally {
    hub.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/**
 * The newcomer's path: `npm start` with no DATABASE_URL boots the hub on embedded PGlite from an
 * empty data folder (migrations, catalog, demo data, bundled simulators), prints its URL and the
 * token command, answers `procedures` with a token from `npm run token`, and stops cleanly.
 */
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { projectRoot } from "../../src/config.js";

const tsx = join(projectRoot, "node_modules", ".bin", "tsx");

it("boots on PGlite from an empty data folder and answers procedures", { timeout: 120_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "hub-start-"));
  const env = { ...process.env, HUB_DATA_DIR: dataDir, PORT: "0", DATABASE_URL: "", NODE_ENV: "development", LOG_LEVEL: "warn" };
  const hub = spawn(tsx, ["src/main.ts"], { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  try {
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed:\n${output}`)), 90_000);
      hub.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const found = /(http:\/\/localhost:\d+\/graphql)/.exec(output);
        if (found && output.includes("npm run token")) {
          clearTimeout(timer);
          resolve(found[1]!);
        }
      });
      hub.on("exit", (code) => reject(new Error(`exited with ${code}:\n${output}`)));
    });

    const { stdout } = await promisify(execFile)(tsx, ["scripts/token.ts", "--role", "POST_CLERK", "--org", "VNPOST-HN", "--branch", "HN-PASC-B01"], {
      cwd: projectRoot,
      env,
    });
    const token = stdout.trim().split("\n").at(-1)!;
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: "{ procedures { code processingDays } dossiers { totalCount } }" }),
    });
    const body = (await response.json()) as { data: { procedures: Array<{ code: string }>; dossiers: { totalCount: number } } };
    expect(body.data.procedures.map((p) => p.code)).toContain("SR-01");
    expect(body.data.procedures).toHaveLength(18);
    expect(body.data.dossiers.totalCount).toBeGreaterThan(0); // the demo data

    const exit = new Promise<number | null>((resolve) => hub.on("exit", resolve));
    hub.kill("SIGTERM");
    expect(await exit).toBe(0);
  } finally {
    hub.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  }
});

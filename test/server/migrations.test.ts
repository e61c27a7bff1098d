/**
 * The committed migrations in drizzle/ are what the tables in src/db/schema say: drizzle-kit, run
 * against a copy of the folder, finds nothing left to migrate. (Run `npm run db:generate` after a
 * table change.)
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { projectRoot } from "../../src/config.js";

it("drizzle/ is up to date with src/db/schema", { timeout: 60_000 }, async () => {
  const copy = mkdtempSync(join(tmpdir(), "hub-migrations-"));
  try {
    cpSync(join(projectRoot, "drizzle"), copy, { recursive: true });
    const before = readdirSync(copy).sort();
    const { stdout } = await promisify(execFile)(
      join(projectRoot, "node_modules", ".bin", "drizzle-kit"),
      // drizzle-kit takes --out relative to the working directory.
      ["generate", "--dialect", "postgresql", "--schema", "./src/db/schema/index.ts", "--out", relative(projectRoot, copy), "--name", "stale_check"],
      { cwd: projectRoot },
    );
    expect(stdout).toContain("No schema changes");
    expect(readdirSync(copy).sort()).toEqual(before);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

/**
 * Secrets the hub makes for itself once and keeps in its data folder (development's link-signing
 * secret, the development webhook secrets key), so they survive a restart and hubs sharing the
 * folder agree on them.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The file's content, made with `make` and written first if it does not exist. */
export function loadOrCreateDataFile(dataDir: string, name: string, make: () => string): string {
  const file = join(dataDir, name);
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    try {
      // The file's own flag: of two processes starting together, one writes and both read it.
      writeFileSync(file, make(), { flag: "wx", mode: 0o600 });
    } catch {
      // made by the other process meanwhile
    }
    return readFileSync(file, "utf8").trim();
  }
}

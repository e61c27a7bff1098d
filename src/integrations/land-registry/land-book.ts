import { readFileSync } from "node:fs";
import type { LandBook } from "./types.js";

/**
 * The land book shipped with the simulator. Only the simulator and demo data read it: the hub
 * itself learns about parcels from the registry's API, which is the authority.
 */
export function loadBundledLandBook(): LandBook {
  // Read relative to this module so it works from src/ under tsx and vitest alike.
  return JSON.parse(readFileSync(new URL("./land-book.json", import.meta.url), "utf8")) as LandBook;
}

import bundledLandBook from "./land-book.json" with { type: "json" };
import type { LandBook } from "./types.js";

/**
 * The land book shipped with the simulator. Only the simulator and demo data read it: the hub
 * itself learns about parcels from the registry's API, which is the authority.
 */
export function loadBundledLandBook(): LandBook {
  // Imported rather than read from disk so that tsc copies it into dist/ beside this module; a copy
  // per call, so no caller can change what the next one gets.
  return structuredClone(bundledLandBook) as LandBook;
}

/**
 * A child process of the bench: the land-registry simulator with the bench's generated land book
 * (so M1 and the soak register over the seeded parcels) and the bar-roster simulator with the
 * bench's lawyers. The hubs reach them through LAND_REGISTRY_URL and BAR_ROSTER_URL; the post
 * simulator stays inside each hub, as in development. Argument: the seed scale.
 */
import { startBarRosterSimulator } from "../../src/integrations/bar-roster/simulator.js";
import { startLandRegistrySimulator } from "../../src/integrations/land-registry/simulator.js";
import { benchLandBook } from "../seed/land-book.js";
import { benchRoster } from "../seed/roster.js";
import { seedScale } from "../seed/scale.js";

const scale = seedScale(Number(process.argv[2]));
const landRegistry = await startLandRegistrySimulator({ landBook: benchLandBook(scale.parcels), decision: "immediate" });
const barRoster = await startBarRosterSimulator({ members: benchRoster(scale.lawyers) });
console.log(`partners ready land-registry=${landRegistry.url} bar-roster=${barRoster.url}`);

process.on("SIGTERM", () => {
  void Promise.all([landRegistry.close(), barRoster.close()]).then(() => process.exit(0));
});

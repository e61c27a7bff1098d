import { fileURLToPath } from "node:url";
import type { ServerUnderTest } from "./hub.js";
import { launchNode, SERVER_CORE, serverNode, waitForOutput, type Pinning } from "./processes.js";

/** The hand-written ceiling (bench/ceiling/server.ts), on the servers' core like the hub. */
export async function startCeiling(databaseUrl: string, pinning: Pinning): Promise<ServerUnderTest> {
  const entry = fileURLToPath(new URL("../ceiling/server.ts", import.meta.url));
  const proc = launchNode({
    name: "ceiling",
    args: ["--import", "tsx", entry],
    node: serverNode(),
    core: SERVER_CORE,
    pinning,
    env: { NODE_ENV: "production", DATABASE_URL: databaseUrl, PORT: "0" },
  });
  const [, baseUrl] = await waitForOutput(proc, /ceiling ready on (http:\/\/\S+)/);
  return { name: "ceiling", process: proc, baseUrl: baseUrl!, graphqlUrl: baseUrl! };
}

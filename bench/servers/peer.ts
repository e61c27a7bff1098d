/**
 * The peer, PostGraphile 4, from bench/peers/postgraphile/: a package of its own (graphql 15),
 * installed with `npm ci` from its lockfile the first time the bench needs it.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ServerUnderTest } from "./hub.js";
import { launchNode, SERVER_CORE, serverNode, waitForOutput, type Pinning } from "./processes.js";

const peerFolder = fileURLToPath(new URL("../peers/postgraphile/", import.meta.url));

export function ensurePeerInstalled(log: (line: string) => void): void {
  if (existsSync(`${peerFolder}node_modules/postgraphile/package.json`)) return;
  log("installing the peer (PostGraphile 4) into bench/peers/postgraphile/node_modules …");
  execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--prefix", peerFolder], { stdio: "inherit" });
}

export async function startPeer(databaseUrl: string, pinning: Pinning): Promise<ServerUnderTest> {
  const proc = launchNode({
    name: "postgraphile",
    args: [`${peerFolder}server.cjs`],
    cwd: peerFolder,
    node: serverNode(),
    core: SERVER_CORE,
    pinning,
    env: { NODE_ENV: "production", DATABASE_URL: databaseUrl, PORT: "0" },
  });
  const [, graphqlUrl] = await waitForOutput(proc, /postgraphile ready on (http:\/\/\S+)/);
  return { name: "postgraphile", process: proc, graphqlUrl: graphqlUrl!, baseUrl: new URL(graphqlUrl!).origin };
}

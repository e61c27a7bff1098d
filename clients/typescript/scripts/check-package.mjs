// `npm run check` (after `npm run build`): the tarball `npm pack` would make holds what users
// import, and the built entry points load and export what the README promises.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const [packed] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: packageDir, encoding: "utf8" }));
const files = new Set(packed.files.map((file) => file.path));
const required = [
  "package.json",
  "README.md",
  "dist/index.js",
  "dist/index.d.ts",
  "dist/codegen-config.js",
  "dist/contract.graphql",
  "dist/generated/graphql.js",
  "operations/bank.graphql",
];
const missing = required.filter((path) => !files.has(path));
const stray = [...files].filter((path) => /(^|\/)(src|pending|pending-tests)\//.test(path) || path.endsWith(".test.js"));
if (missing.length > 0 || stray.length > 0) {
  console.error(`package contents: missing ${JSON.stringify(missing)}, should not ship ${JSON.stringify(stray)}`);
  process.exit(1);
}

const client = await import(new URL("../dist/index.js", import.meta.url).href);
const codegen = await import(new URL("../dist/codegen-config.js", import.meta.url).href);
const exported = {
  createHubClient: typeof client.createHubClient,
  verifyWebhook: typeof client.verifyWebhook,
  HubError: typeof client.HubError,
  RegisterSecurityDocument: typeof client.RegisterSecurityDocument,
  hubCodegenConfig: typeof codegen.hubCodegenConfig,
};
const wrong = Object.entries(exported).filter(([, type]) => type === "undefined");
if (wrong.length > 0) {
  console.error(`dist/ lacks ${wrong.map(([name]) => name).join(", ")}`);
  process.exit(1);
}
console.log(`${packed.name}@${packed.version}: ${packed.files.length} files, ${packed.size} bytes packed; exports load`);

/**
 * Mints a development token for the local key pair (SPEC §1), printed on a line of its own:
 *   npm run token -- --role BANK_OFFICER --org VCB
 *   npm run token -- --role POST_CLERK --org VNPOST-HN --branch HN-PASC-B03
 *   npm run token -- --role LAWYER --org TRANANH-LAW --bar-number HBA-0001
 *   npm run token -- --role CITIZEN --sub citizen-demo
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.js";
import { loadOrCreateDevKeys, mintDevToken } from "../src/auth/dev-keys.js";
import { isRole } from "../src/auth/roles.js";

const { values } = parseArgs({
  options: {
    role: { type: "string", multiple: true },
    org: { type: "string" },
    branch: { type: "string" },
    "bar-number": { type: "string" },
    sub: { type: "string" },
    name: { type: "string" },
    ttl: { type: "string", default: "43200" },
  },
});

const config = loadConfig();
if (config.auth.mode !== "development") {
  console.error("AUTH_JWKS_URL is set: the hub accepts only the identity provider's tokens, not development ones.");
  process.exit(1);
}
const roles = values.role ?? [];
if (roles.length === 0 || !roles.every(isRole)) {
  console.error("Give --role with one of CITIZEN, CENTER_STAFF, POST_CLERK, BANK_OFFICER, LAWYER, PARTNER_APP, ADMIN");
  process.exit(1);
}
if (!values.org && roles.some((role) => role !== "CITIZEN")) {
  console.error("--org is required for every role but CITIZEN (e.g. --org VCB)");
  process.exit(1);
}
const keys = await loadOrCreateDevKeys(config.dataDir);
const token = await mintDevToken(keys, config.auth.issuer, config.auth.audience, {
  sub: values.sub ?? `${roles[0]!.toLowerCase()}-${values.org ?? "demo"}${values.branch ? `-${values.branch}` : ""}`.toLowerCase(),
  roles,
  org: values.org,
  branch: values.branch,
  barNumber: values["bar-number"],
  name: values.name,
  ttlSeconds: Number(values.ttl),
});
console.log(token);

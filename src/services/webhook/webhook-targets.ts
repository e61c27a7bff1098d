/**
 * Where the hub may POST (SPEC §8, SSRF): an absolute https: URL (http: only with
 * WEBHOOK_ALLOW_HTTP) of at most 2,048 characters without user or password; unless
 * WEBHOOK_ALLOW_PRIVATE_TARGETS, no loopback, private, link-local (the cloud metadata address
 * among them), shared, multicast, reserved or unspecified address in any spelling. A literal
 * address or `localhost` is refused when the endpoint is made; a name is checked at every attempt
 * against the addresses it resolves to then, and the connection goes to the address checked
 * (`guardedLookup`), so a name that later points inward is caught.
 */
import { promises as dns, type LookupAddress } from "node:dns";
import { isIP, isIPv4, type LookupFunction } from "node:net";
import { badInput } from "../../errors.js";

export interface TargetRules {
  allowHttp: boolean;
  allowPrivateTargets: boolean;
}

/** Resolves a host name to its addresses; tests map names to loopback with one of their own. */
export type HostResolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: HostResolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

export const TARGET_NOT_ALLOWED = "target address not allowed";

/** Raised at an attempt whose target resolves to an address the rules refuse; no connection is made. */
class TargetNotAllowedError extends Error {
  override readonly name = "TargetNotAllowedError";
  readonly code = "ETARGETNOTALLOWED";
  constructor() {
    super(TARGET_NOT_ALLOWED);
  }
}

const MAX_URL_LENGTH = 2048;

/** The URL as stored, or BAD_USER_INPUT on `field`. */
export function checkEndpointUrl(raw: string, rules: TargetRules, field = "input.url"): string {
  const value = raw.trim();
  if (value.length === 0) throw badInput(field, "url must not be empty");
  if (value.length > MAX_URL_LENGTH) throw badInput(field, `url must be at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badInput(field, "url must be an absolute URL, e.g. https://hooks.example.com/hub");
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && rules.allowHttp)) {
    throw badInput(field, rules.allowHttp ? "url must use https: or http:" : "url must use https:");
  }
  if (url.username || url.password) throw badInput(field, "url must not carry a user name or password");
  if (!url.hostname) throw badInput(field, "url must name a host");
  if (!rules.allowPrivateTargets) {
    const host = hostOf(url);
    if (host === "localhost" || host.endsWith(".localhost")) throw badInput(field, "url must not point at localhost");
    if (isIP(host) && isBlockedAddress(host)) throw badInput(field, `url must not point at a loopback, private, link-local or otherwise internal address`);
  }
  return url.toString().length <= MAX_URL_LENGTH ? url.toString() : value;
}

/** The URL's host without IPv6 brackets or a trailing dot (the URL parser has already turned decimal and hex IPv4 into dotted form). */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "").toLowerCase();
}

/** IPv4 ranges no webhook may reach without WEBHOOK_ALLOW_PRIVATE_TARGETS: [first octets as a number, prefix length]. */
const blockedV4: Array<[string, number]> = [
  ["0.0.0.0", 8], // unspecified / this network
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // shared (carrier-grade NAT)
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];

const v4Number = (address: string) => address.split(".").reduce((sum, octet) => sum * 256 + Number(octet), 0);

function blockedIPv4(address: string): boolean {
  const value = v4Number(address);
  return blockedV4.some(([base, bits]) => Math.floor(value / 2 ** (32 - bits)) === Math.floor(v4Number(base) / 2 ** (32 - bits)));
}

/** The eight 16-bit groups of an IPv6 address (any spelling, an embedded dotted IPv4 included). */
function ipv6Groups(address: string): number[] {
  let text = address.split("%")[0]!.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const value = v4Number(dotted[1]!);
    text = text.slice(0, -dotted[1]!.length) + `${(value >>> 16).toString(16)}:${(value & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const fill = tail === undefined ? [] : Array<string>(8 - headGroups.length - tailGroups.length).fill("0");
  return [...headGroups, ...fill, ...tailGroups].map((group) => parseInt(group || "0", 16));
}

function blockedIPv6(address: string): boolean {
  const groups = ipv6Groups(address);
  const embeddedV4 = () => `${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`;
  const zeroUpTo = (n: number) => groups.slice(0, n).every((group) => group === 0);
  if (zeroUpTo(5) && groups[5] === 0xffff) return blockedIPv4(embeddedV4()); // IPv4-mapped
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)) return blockedIPv4(embeddedV4()); // NAT64
  if (zeroUpTo(6)) return true; // ::, ::1 and the deprecated IPv4-compatible forms
  const first = groups[0]!;
  return (
    (first & 0xfe00) === 0xfc00 || // unique local fc00::/7
    (first & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (first & 0xffc0) === 0xfec0 || // site-local (deprecated) fec0::/10
    (first & 0xff00) === 0xff00 // multicast
  );
}

/** Whether an IP address (v4 or v6, any spelling) is one webhooks may not reach without WEBHOOK_ALLOW_PRIVATE_TARGETS. */
export function isBlockedAddress(address: string): boolean {
  if (isIPv4(address)) return blockedIPv4(address);
  if (isIP(address) === 6) return blockedIPv6(address);
  return true; // not an address at all: refuse rather than guess
}

/**
 * A `lookup` for Node's http/https: resolves the name, refuses the connection when any of its
 * addresses is not allowed, and otherwise hands over exactly the addresses it checked, so the
 * socket connects to a checked address (no second resolution in between).
 */
export function guardedLookup(resolve: HostResolver, rules: TargetRules): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname)
      .then((found) => {
        const family = typeof options.family === "number" ? options.family : 0;
        const addresses = found.filter((entry) => family === 0 || entry.family === family);
        if (addresses.length === 0) throw Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" });
        if (!rules.allowPrivateTargets && found.some((entry) => isBlockedAddress(entry.address))) throw new TargetNotAllowedError();
        if (options.all) (callback as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, "", 0));
  };
}

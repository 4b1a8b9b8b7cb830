import type { IncomingHttpHeaders } from "node:http";
import { BlockList, isIP } from "node:net";

// The client's address, for the sign-in limit and the audit log. A route handler cannot see the
// socket, and any header a client sends can say anything, so the start command (scripts/serve.ts,
// through scripts/app-server.ts) serves Next.js from its own HTTP server: for every request it
// removes any copy of CLIENT_ADDRESS_HEADER the client sent and writes the address it resolved
// itself, from the socket and, only through the proxies of AUTH_TRUSTED_PROXIES, X-Forwarded-For.
// The app reads nothing else, and reads that header only when the start command says it set it
// (CLIENT_ADDRESS_FROM_SERVER_ENV): under a bare `next start` the address is unknown (null).
// No `server-only` here: the start command imports this module outside Next.js.

/** The request header the start command writes the resolved client address into. */
export const CLIENT_ADDRESS_HEADER = "x-dashboard-client-ip";

/** Set to "1" by the start command in its own process: CLIENT_ADDRESS_HEADER can be believed. */
export const CLIENT_ADDRESS_FROM_SERVER_ENV = "DASHBOARD_CLIENT_ADDRESS_HEADER";

/**
 * One address in a canonical form (so that one client is one key): IPv4 as dotted quad, an
 * IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, what a dual-stack socket reports) as IPv4, other
 * IPv6 compressed and lower-case, without brackets or zone. Null for anything that is not an address.
 */
export function normalizeAddress(value: string | null | undefined): string | null {
  if (typeof value !== "string") return null;
  let address = value.trim();
  if (address.startsWith("[") && address.endsWith("]")) address = address.slice(1, -1);
  const zone = address.indexOf("%");
  if (zone !== -1) address = address.slice(0, zone);
  const family = isIP(address);
  if (family === 4) return address;
  if (family !== 6) return null;
  // The URL parser writes IPv6 hosts in their canonical text form (RFC 5952).
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (mapped) {
    const [high, low] = [Number.parseInt(mapped[1]!, 16), Number.parseInt(mapped[2]!, 16)];
    return [high >> 8, high & 255, low >> 8, low & 255].join(".");
  }
  return canonical;
}

/**
 * What the sign-in limit counts one client by: an IPv4 address, or the /64 prefix of an IPv6 one
 * (one subscriber usually holds a whole /64, so counting single IPv6 addresses would let one client
 * pick a new address for every attempt).
 */
export function addressLimitKey(address: string): string {
  const normalized = normalizeAddress(address);
  if (!normalized || isIP(normalized) !== 6) return normalized ?? address;
  const groups = expandIPv6(normalized).slice(0, 4);
  return `${normalizeAddress(`${groups.join(":")}::`)}/64`;
}

function expandIPv6(address: string): string[] {
  const [head = "", tail] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right];
}

/** Whether an AUTH_TRUSTED_PROXIES entry is an IP address or a CIDR range with a valid prefix. */
export function isProxyEntry(entry: string): boolean {
  return parseProxyEntry(entry) !== null;
}

function parseProxyEntry(entry: string): { address: string; prefix: number; family: "ipv4" | "ipv6" } | null {
  const [rawAddress, rawPrefix, ...rest] = entry.trim().split("/");
  const address = normalizeAddress(rawAddress);
  if (!address || rest.length > 0) return null;
  const family = isIP(address) === 4 ? "ipv4" : "ipv6";
  const bits = family === "ipv4" ? 32 : 128;
  if (rawPrefix === undefined) return { address, prefix: bits, family };
  if (!/^\d{1,3}$/.test(rawPrefix) || Number(rawPrefix) > bits) return null;
  return { address, prefix: Number(rawPrefix), family };
}

/** The trusted proxies as a matcher; throws on an entry that is not an address or a CIDR range. */
export function trustedProxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const parsed = parseProxyEntry(entry);
    if (!parsed) throw new Error(`Not an IP address or CIDR range: ${entry}`);
    list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return list;
}

/** Whether this address (the socket's peer, say) is one of the trusted proxies. */
export function isTrustedProxy(list: BlockList | null, address: string | null | undefined): boolean {
  const normalized = normalizeAddress(address);
  return list !== null && normalized !== null && list.check(normalized, isIP(normalized) === 4 ? "ipv4" : "ipv6");
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then X-Forwarded-For
 * is walked from the right (the end the proxies appended to) past every trusted proxy, and the first
 * address that is not one is the client. An entry that is not an address ends the walk with null:
 * something in the chain wrote garbage, and guessing past it would let the client choose. With no
 * trusted proxy the header is never read. Null when the socket's address is unknown.
 */
export function resolveClientAddress(
  socketAddress: string | null | undefined,
  forwardedFor: string | readonly string[] | null | undefined,
  trustedProxies: BlockList | null,
): string | null {
  let client = normalizeAddress(socketAddress);
  if (!client || !trustedProxies) return client;
  const chain = (typeof forwardedFor === "string" ? forwardedFor : (forwardedFor ?? []).join(","))
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  while (isTrustedProxy(trustedProxies, client)) {
    const previous = chain.pop();
    // Every hop was a trusted proxy: the request came from the nearest one's network itself.
    if (previous === undefined) return client;
    const address = normalizeAddress(previous);
    if (!address) return null;
    client = address;
  }
  return client;
}

/**
 * What the start command's server does to every request before Next.js sees it: removes whatever
 * the client sent as CLIENT_ADDRESS_HEADER and writes the resolved address there; drops
 * X-Forwarded-For unless the peer is a trusted proxy (Next.js then fills it with the socket's address).
 */
export function stampClientAddress(
  request: { headers: IncomingHttpHeaders; socket: { remoteAddress?: string } },
  trustedProxies: BlockList | null,
): void {
  const peer = request.socket.remoteAddress;
  delete request.headers[CLIENT_ADDRESS_HEADER];
  const address = resolveClientAddress(peer, request.headers["x-forwarded-for"], trustedProxies);
  if (address) request.headers[CLIENT_ADDRESS_HEADER] = address;
  if (!isTrustedProxy(trustedProxies, peer)) delete request.headers["x-forwarded-for"];
}

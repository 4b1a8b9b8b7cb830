import { describe, expect, it } from "vitest";
import {
  addressLimitKey,
  isProxyEntry,
  normalizeAddress,
  resolveClientAddress,
  stampClientAddress,
  trustedProxyList,
  CLIENT_ADDRESS_HEADER,
} from "@/lib/auth/server/client-address";

describe("normalizeAddress", () => {
  it.each([
    ["192.0.2.1", "192.0.2.1"],
    [" 192.0.2.1 ", "192.0.2.1"],
    ["::ffff:127.0.0.1", "127.0.0.1"],
    ["::FFFF:192.0.2.9", "192.0.2.9"],
    ["::1", "::1"],
    ["[::1]", "::1"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
    ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["fe80::1%eth0", "fe80::1"],
  ])("writes %j as %j", (input, expected) => {
    expect(normalizeAddress(input)).toBe(expected);
  });

  it.each([
    "",
    "unknown",
    "192.0.2.1:443",
    "192.0.2",
    "999.0.0.1",
    "01.2.3.4",
    "1.2.3.4, 5.6.7.8",
    "::g",
    null,
    undefined,
  ])("refuses %j", (input) => {
    expect(normalizeAddress(input)).toBeNull();
  });
});

describe("addressLimitKey", () => {
  it("counts an IPv4 address by itself", () => {
    expect(addressLimitKey("192.0.2.1")).toBe("192.0.2.1");
    expect(addressLimitKey("::ffff:192.0.2.1")).toBe("192.0.2.1");
  });

  it("counts an IPv6 address by its /64 prefix, so one subscriber cannot pick a new address per attempt", () => {
    expect(addressLimitKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressLimitKey("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(addressLimitKey("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(addressLimitKey("::1")).toBe("::/64");
    expect(addressLimitKey("2001:db8::")).toBe("2001:db8::/64");
  });
});

describe("AUTH_TRUSTED_PROXIES entries", () => {
  it.each(["10.0.0.0/8", "127.0.0.1", "::1", "2001:db8::/32", "192.0.2.0/24", "0.0.0.0/0"])("accepts %j", (entry) => {
    expect(isProxyEntry(entry)).toBe(true);
  });
  it.each(["10.0.0.0/33", "::1/129", "10.0.0.0/8/8", "localhost", "10.0.0/8", "10.0.0.0/-1", "10.0.0.0/"])(
    "refuses %j",
    (entry) => {
      expect(isProxyEntry(entry)).toBe(false);
      expect(() => trustedProxyList([entry])).toThrow(entry);
    },
  );
});

describe("resolveClientAddress", () => {
  const proxies = trustedProxyList(["127.0.0.1", "10.0.0.0/8", "2001:db8:ffff::/48"]);

  it("with no trusted proxy, is the socket's address and never reads X-Forwarded-For", () => {
    expect(resolveClientAddress("192.0.2.7", "198.51.100.1", null)).toBe("192.0.2.7");
    expect(resolveClientAddress("::ffff:127.0.0.1", "198.51.100.1", null)).toBe("127.0.0.1");
    expect(resolveClientAddress("::1", undefined, null)).toBe("::1");
    expect(resolveClientAddress("192.0.2.7", "198.51.100.1", trustedProxyList([]))).toBe("192.0.2.7");
  });

  it("does not read X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(resolveClientAddress("192.0.2.7", "198.51.100.1", proxies)).toBe("192.0.2.7");
  });

  it("through trusted proxies, walks X-Forwarded-For from the right to the first address that is not one", () => {
    expect(resolveClientAddress("127.0.0.1", "198.51.100.1", proxies)).toBe("198.51.100.1");
    // The client wrote the left part itself; the proxies appended the right part.
    expect(resolveClientAddress("127.0.0.1", "6.6.6.6, 198.51.100.1, 10.1.2.3", proxies)).toBe("198.51.100.1");
    expect(resolveClientAddress("10.0.0.5", ["6.6.6.6, 198.51.100.1", "10.1.2.3"], proxies)).toBe("198.51.100.1");
    expect(resolveClientAddress("2001:db8:ffff::1", "2001:db8:1::5", proxies)).toBe("2001:db8:1::5");
  });

  it("is the nearest proxy's own address when every hop is trusted, and null when the chain holds garbage", () => {
    expect(resolveClientAddress("127.0.0.1", undefined, proxies)).toBe("127.0.0.1");
    expect(resolveClientAddress("127.0.0.1", "10.1.1.1", proxies)).toBe("10.1.1.1");
    expect(resolveClientAddress("127.0.0.1", "198.51.100.1, unknown", proxies)).toBeNull();
    expect(resolveClientAddress("127.0.0.1", "198.51.100.1:5555", proxies)).toBeNull();
  });

  it("is null without a socket address", () => {
    expect(resolveClientAddress(undefined, "198.51.100.1", proxies)).toBeNull();
    expect(resolveClientAddress(null, "198.51.100.1", null)).toBeNull();
  });
});

describe("stampClientAddress (the start command's server, on every request)", () => {
  const request = (remoteAddress: string | undefined, headers: Record<string, string | string[]>) => ({
    headers: { ...headers },
    socket: { remoteAddress },
  });

  it("replaces whatever the client sent as the private header with the socket's address, and drops its X-Forwarded-For", () => {
    const forged = request("::ffff:192.0.2.7", {
      [CLIENT_ADDRESS_HEADER]: "198.51.100.1",
      "x-forwarded-for": "203.0.113.1",
    });
    stampClientAddress(forged, null);
    expect(forged.headers).toEqual({ [CLIENT_ADDRESS_HEADER]: "192.0.2.7" });
  });

  it("through a trusted proxy, writes the client X-Forwarded-For names and keeps the header", () => {
    const proxied = request("127.0.0.1", { [CLIENT_ADDRESS_HEADER]: "198.51.100.1", "x-forwarded-for": "203.0.113.1" });
    stampClientAddress(proxied, trustedProxyList(["127.0.0.1"]));
    expect(proxied.headers).toEqual({ [CLIENT_ADDRESS_HEADER]: "203.0.113.1", "x-forwarded-for": "203.0.113.1" });
  });

  it("writes nothing when the address cannot be known, so a forged one never survives", () => {
    const unknown = request(undefined, { [CLIENT_ADDRESS_HEADER]: "198.51.100.1" });
    stampClientAddress(unknown, null);
    expect(unknown.headers).toEqual({});
    const garbage = request("127.0.0.1", { [CLIENT_ADDRESS_HEADER]: "198.51.100.1", "x-forwarded-for": "nonsense" });
    stampClientAddress(garbage, trustedProxyList(["127.0.0.1"]));
    expect(garbage.headers).toEqual({ "x-forwarded-for": "nonsense" });
  });
});

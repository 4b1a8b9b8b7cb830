import { describe, expect, it } from "vitest";
import { hashApiKey, lowerRole, roleAtMost, statusOf } from "@/lib/api-keys/server/api-keys";
import { requestApiKey } from "@/lib/api-keys/server/key-credentials";
import { ApiError } from "@/lib/http/server/api-error";

const key = `vbk_${"A".repeat(43)}`;

describe("a key's role", () => {
  it("may be at most its maker's", () => {
    expect(roleAtMost("viewer", "viewer")).toBe(true);
    expect(roleAtMost("operator", "admin")).toBe(true);
    expect(roleAtMost("admin", "operator")).toBe(false);
    expect(roleAtMost("viewer", null)).toBe(false);
  });

  it("acts as the lower of its own and its owner's current role", () => {
    expect(lowerRole("admin", "viewer")).toBe("viewer");
    expect(lowerRole("viewer", "admin")).toBe("viewer");
    expect(lowerRole("operator", "operator")).toBe("operator");
    expect(lowerRole("operator", null)).toBeNull();
  });
});

describe("a key's status", () => {
  const now = Date.parse("2026-12-07T10:00:00Z");
  it("is revoked before anything else, then expired at its expiry, else active", () => {
    expect(statusOf({ revoked_at: "2026-12-01T00:00:00Z", expires_at: "2027-01-01T00:00:00Z" }, now)).toBe("revoked");
    expect(statusOf({ revoked_at: null, expires_at: "2026-12-07T10:00:00Z" }, now)).toBe("expired");
    expect(statusOf({ revoked_at: null, expires_at: "2026-12-07T10:00:01Z" }, now)).toBe("active");
  });
});

describe("the credentials of a request", () => {
  const headers = (entries: Record<string, string>) => new Headers(entries);
  const refusal = (entries: Record<string, string>) => {
    try {
      requestApiKey(headers(entries));
    } catch (error) {
      return error instanceof ApiError ? error.code : "not an ApiError";
    }
    return "accepted";
  };

  it("has no key without an Authorization header", () => {
    expect(requestApiKey(headers({ cookie: "vpsdash.session_token=abc" }))).toBeNull();
  });

  it("takes `Bearer vbk_…`, in any case of the scheme", () => {
    expect(requestApiKey(headers({ authorization: `Bearer ${key}` }))).toEqual({ key });
    expect(requestApiKey(headers({ authorization: `bearer ${key}` }))).toEqual({ key });
  });

  it("refuses another scheme, a missing key and a key of something else", () => {
    expect(refusal({ authorization: "Basic dXNlcjpwYXNz" })).toBe("unauthenticated");
    expect(refusal({ authorization: "Bearer" })).toBe("unauthenticated");
    expect(refusal({ authorization: "Bearer vps_provider_token" })).toBe("unauthenticated");
  });

  it("refuses a key together with a session cookie, not with other cookies", () => {
    expect(refusal({ authorization: `Bearer ${key}`, cookie: "a=1; vpsdash.session_token=abc" })).toBe(
      "ambiguous_credentials",
    );
    expect(refusal({ authorization: `Bearer ${key}`, cookie: "__Secure-vpsdash.session_token=abc" })).toBe(
      "ambiguous_credentials",
    );
    expect(refusal({ authorization: `Bearer ${key}`, cookie: "NEXT_LOCALE=vi" })).toBe("accepted");
  });

  it("hashes a key to 64 hex digits, the same each time", () => {
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).toBe(hashApiKey(key));
    expect(hashApiKey(key)).not.toBe(hashApiKey(`${key}B`));
  });
});

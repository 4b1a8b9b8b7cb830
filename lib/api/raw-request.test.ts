import { describe, expect, it } from "vitest";
import { isWellEncodedPath, rawRequestRefusal } from "@/lib/api/raw-request";

const base = "http://dashboard.test";

async function refusalBody(url: string) {
  const response = rawRequestRefusal(url);
  expect(response, url).not.toBeNull();
  expect(response!.status).toBe(400);
  expect(response!.headers.get("cache-control")).toBe("no-store");
  return ((await response!.json()) as { error: { code: string; message: string; fields: Record<string, string[]> } })
    .error;
}

describe("a reserved query name in the URL as it arrived", () => {
  it.each(["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype", "__defineSetter__"])(
    "refuses ?%s= naming it",
    async (name) => {
      const error = await refusalBody(`${base}/api/backups?server_id=1&${name}=1`);
      expect(error.code).toBe("invalid_input");
      expect(error.message).toBe(`Invalid query: unknown query field: ${name} (not accepted).`);
      expect(error.fields).toEqual({ [name]: ["is not an accepted field"] });
      expect(Object.keys(error.fields)).toEqual([name]);
    },
  );

  it("refuses a percent-encoded or repeated one, and names several at once", async () => {
    // A computed key: `{ __proto__: … }` would set the prototype instead.
    expect((await refusalBody(`${base}/api/audit?%5F%5Fproto%5F%5F=x`)).fields).toEqual({
      ["__proto__"]: ["is not an accepted field"],
    });
    expect((await refusalBody(`${base}/api/audit?valueOf=1&__proto__=2&valueOf=3`)).message).toBe(
      "Invalid query: unknown query fields: __proto__, valueOf (not accepted).",
    );
  });

  it.each(["/api/backups", "/api/backups?server_id=1&backup_type=manual", "/api/audit?actor=__proto__", "/api/x?a=b"])(
    "lets %s through",
    (path) => {
      expect(rawRequestRefusal(`${base}${path}`)).toBeNull();
    },
  );
});

describe("a path that does not decode", () => {
  it.each([
    "/api/backups/%E0%A4%A",
    "/api/servers/%ZZ/restore",
    "/api/users/%",
    "/api/backups/1%2",
    "/api/backups/%FF",
    "/api/backups/%C0%AF",
    "/api/backups/%ED%A0%80",
    "/api/%ZZ",
  ])("refuses %s with a 400 in the envelope", async (path) => {
    expect(isWellEncodedPath(path)).toBe(false);
    const error = await refusalBody(`${base}${path}`);
    expect(error.code).toBe("invalid_input");
    expect(error.message).toMatch(/percent-encoding/);
    expect(error.fields).toEqual({ path: ["is not a well-formed percent-encoded path"] });
  });

  it.each(["/api/backups/123", "/api/backups/%31%32", "/api/users/%E0%A4%A4", "/api/servers/%2F/restore", "/"])(
    "lets %s through",
    (path) => {
      expect(isWellEncodedPath(path)).toBe(true);
      expect(rawRequestRefusal(`${base}${path}`)).toBeNull();
    },
  );
});

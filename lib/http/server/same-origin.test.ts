import { describe, expect, it } from "vitest";
import { crossSiteRefusal } from "@/lib/http/server/same-origin";

const OWN = "https://backups.example.com";
const request = (method: string, headers: Record<string, string> = {}) =>
  new Request(`${OWN}/api/backups`, { method, headers });

describe("crossSiteRefusal", () => {
  it.each(["POST", "PUT", "PATCH", "DELETE"])("refuses a %s whose Origin is another site", (method) => {
    const refusal = crossSiteRefusal(request(method, { Origin: "https://evil.example" }), OWN);
    expect(refusal).toMatchObject({ code: "csrf_rejected", status: 403 });
    expect(refusal?.message).toContain("https://evil.example");
  });

  it("refuses Origin: null (sandboxed frames, some redirects) and the same host on another scheme or port", () => {
    for (const origin of [
      "null",
      "http://backups.example.com",
      "https://backups.example.com:8443",
      "https://backups.example.com.evil.example",
    ]) {
      expect(crossSiteRefusal(request("POST", { Origin: origin }), OWN)?.code).toBe("csrf_rejected");
    }
  });

  it("lets the dashboard's own origin through, whatever the path of BETTER_AUTH_URL", () => {
    expect(crossSiteRefusal(request("POST", { Origin: OWN }), `${OWN}/`)).toBeNull();
    expect(crossSiteRefusal(request("DELETE", { Origin: OWN, "Sec-Fetch-Site": "same-origin" }), OWN)).toBeNull();
  });

  it("without Origin, refuses any Sec-Fetch-Site but same-origin", () => {
    for (const site of ["cross-site", "same-site", "none"])
      expect(crossSiteRefusal(request("POST", { "Sec-Fetch-Site": site }), OWN)?.code).toBe("csrf_rejected");
    expect(crossSiteRefusal(request("POST", { "Sec-Fetch-Site": "same-origin" }), OWN)).toBeNull();
  });

  it("lets a client that is not a browser (neither header: curl, a script) through: it carries no victim's cookie", () => {
    expect(crossSiteRefusal(request("POST"), OWN)).toBeNull();
  });

  it("never refuses a read", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"])
      expect(
        crossSiteRefusal(request(method, { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" }), OWN),
      ).toBeNull();
  });
});

import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { CANARIES } from "../canary";
import { api, apiAs, seenResponses } from "./helpers";

// The build is made with canary secrets in its environment (npm run build:canary: the VPS.org token,
// BETTER_AUTH_SECRET, OIDC_CLIENT_SECRET, METRICS_TOKEN) and the servers run with them: neither they nor the
// variables' names may reach anything a browser gets, nor the server log.

const root = path.resolve(import.meta.dirname, "../..");
const SECRET_NAMES = [
  "VPSORG_API_TOKEN",
  "BETTER_AUTH_SECRET",
  "OIDC_CLIENT_SECRET",
  "METRICS_TOKEN",
  "DASHBOARD_ADMIN_PASSWORD",
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe("the secrets stay on the server", () => {
  it("are in no file of .next/static", () => {
    const files = filesUnder(path.join(root, ".next", "static"));
    expect(files.length).toBeGreaterThan(0);
    const leaking = files.filter((file) => {
      const text = readFileSync(file, "latin1");
      return [...CANARIES, ...SECRET_NAMES].some((secret) => text.includes(secret));
    });
    expect(leaking).toEqual([]);
  });

  it("are in none of the served pages, signed in or not", async () => {
    const pages = [
      "/",
      "/?server_id=12345&backup_type=manual",
      "/audit",
      "/admin/users",
      "/admin/notifications",
      "/servers/12345",
      "/sign-in",
      "/setup",
      "/does-not-exist",
    ];
    for (const page of pages) {
      for (const { text } of [await api(page), await apiAs("anonymous", page)]) {
        expect(text.length).toBeGreaterThan(0);
        for (const secret of [...CANARIES, ...SECRET_NAMES]) expect(text).not.toContain(secret);
      }
    }
  });

  it("are in none of the answers of the API, and not in the server log", async () => {
    for (const route of [
      "/api/backups",
      "/api/servers",
      "/api/events",
      "/api/servers/12345/history",
      "/api/health",
      "/api/live",
      "/api/users",
      "/api/notification-channels",
      "/api/audit",
      "/api/audit/export",
      "/api/metrics",
    ])
      await api(route);
    expect(seenResponses.length).toBeGreaterThan(0);
    for (const response of seenResponses)
      for (const canary of CANARIES) expect(response.body + response.headers).not.toContain(canary);
    const log = readFileSync(inject("appLogFile"), "utf8");
    for (const canary of CANARIES) expect(log).not.toContain(canary);
  });
});

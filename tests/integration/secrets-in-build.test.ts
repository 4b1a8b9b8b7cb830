import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CANARY_TOKEN } from "../canary";
import { api } from "./helpers";

// The build is made with the canary token in its environment (npm run build:canary) and the
// server runs with it: neither it nor the variable's name may reach anything a browser gets.

const root = path.resolve(import.meta.dirname, "../..");

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe("the provider token stays on the server", () => {
  it("is in no file of .next/static", () => {
    const files = filesUnder(path.join(root, ".next", "static"));
    expect(files.length).toBeGreaterThan(0);
    const leaking = files.filter((file) => {
      const text = readFileSync(file, "latin1");
      return text.includes(CANARY_TOKEN) || text.includes("VPSORG_API_TOKEN");
    });
    expect(leaking).toEqual([]);
  });

  it("is in none of the served pages", async () => {
    for (const page of ["/", "/?server_id=12345&backup_type=manual", "/does-not-exist"]) {
      const { text } = await api(page);
      expect(text.length).toBeGreaterThan(0);
      expect(text).not.toContain(CANARY_TOKEN);
      expect(text).not.toContain("VPSORG_API_TOKEN");
    }
  });
});

import { describe, expect, it } from "vitest";
import { serversLivePoll } from "@/lib/servers/client/get-servers";
import type { Server, ServerList } from "@/lib/servers/schemas";

const server = (status: string | null): Server => ({
  id: 1,
  name: "web",
  status,
  hostname: null,
  ip_address: null,
  location: null,
  plan: null,
  os: null,
});
const list = (...statuses: (string | null)[]): ServerList => ({
  count: statuses.length,
  results: statuses.map(server),
  source: "provider",
  notice: null,
  snapshot_at: null,
  error: null,
});

describe("serversLivePoll", () => {
  it("polls every 3 s while a server is restoring", () => {
    expect(serversLivePoll(list("active", "restoring"))).toBe(3_000);
  });

  it("stops by itself once no server is restoring", () => {
    expect(serversLivePoll(list("active", "stopped", null))).toBe(false);
    expect(serversLivePoll(undefined)).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { routeTemplate } from "@/lib/api/route-template";

describe("routeTemplate", () => {
  it("names each dynamic segment by its parameter", () => {
    expect(routeTemplate("/api/backups/501", { backupId: "501" })).toBe("/api/backups/[backupId]");
    expect(routeTemplate("/api/servers/12345/restore", { serverId: "12345" })).toBe("/api/servers/[serverId]/restore");
    expect(routeTemplate("/api/notification-channels/7/deliveries", { channelId: "7" })).toBe(
      "/api/notification-channels/[channelId]/deliveries",
    );
  });

  it("leaves a static route as it is", () => {
    expect(routeTemplate("/api/backups", {})).toBe("/api/backups");
  });

  it("matches a parameter that needed percent-encoding, and one that repeats a static segment", () => {
    expect(routeTemplate("/api/backups/not%20an%20id", { backupId: "not an id" })).toBe("/api/backups/[backupId]");
    expect(routeTemplate("/api/backups/backups", { backupId: "backups" })).toBe("/api/backups/[backupId]");
  });
});

import { describe, expect, it } from "vitest";
import {
  backupFiltersSearch,
  backupViewSearch,
  hasActiveFilters,
  matchesFilters,
  matchesSearch,
  readBackupView,
} from "@/lib/backups/backup-filters";
import type { Backup } from "@/lib/backups/schemas";

const backup: Backup = {
  id: 1,
  server: { id: 12347, name: "staging-東京" },
  backup_type: "manual",
  status: "completed",
  size_mb: 10,
  created_at: "2026-11-20T10:00:00Z",
  expires_at: null,
  description: "Before nginx 1.27 upgrade",
};

describe("readBackupView", () => {
  it("reads valid filters and the search text", () => {
    expect(readBackupView(new URLSearchParams("server_id=12345&backup_type=manual&q=pre"))).toEqual({
      filters: { server_id: 12345, backup_type: "manual" },
      q: "pre",
    });
  });

  it("drops values the API would refuse", () => {
    for (const bad of [
      "server_id=0",
      "server_id=-1",
      "server_id=1.5",
      "server_id=1e3",
      "server_id=abc",
      "server_id=99999999999999999",
      "backup_type=weekly",
    ]) {
      expect(readBackupView(new URLSearchParams(bad)).filters).toEqual({});
    }
  });
});

describe("backupViewSearch", () => {
  it("round-trips through the URL and leaves out empty values", () => {
    const view = { filters: { server_id: 12345, backup_type: "automatic" as const }, q: "nightly run" };
    expect(readBackupView(new URLSearchParams(backupViewSearch(view)))).toEqual(view);
    expect(backupViewSearch({ filters: {}, q: "  " })).toBe("");
  });
});

describe("matchesSearch", () => {
  it("matches every word in the description or server name, ignoring case", () => {
    expect(matchesSearch(backup, "NGINX")).toBe(true);
    expect(matchesSearch(backup, "東京 upgrade")).toBe(true);
    expect(matchesSearch(backup, "nginx postgres")).toBe(false);
    expect(matchesSearch(backup, "   ")).toBe(true);
  });
});

describe("matchesFilters", () => {
  it("applies server and type", () => {
    expect(matchesFilters(backup, {})).toBe(true);
    expect(matchesFilters(backup, { server_id: 12347, backup_type: "manual" })).toBe(true);
    expect(matchesFilters(backup, { backup_type: "automatic" })).toBe(false);
    expect(matchesFilters(backup, { server_id: 1 })).toBe(false);
  });
});

describe("the health filter", () => {
  it("is read from the URL only when it names a state, and written back", () => {
    const view = readBackupView(new URLSearchParams("health=late&server_id=5"));
    expect(view).toEqual({ filters: { server_id: 5 }, q: "", health: "late" });
    expect(backupViewSearch(view)).toBe("?server_id=5&health=late");
    expect(readBackupView(new URLSearchParams("health=sick")).health).toBeUndefined();
    expect(readBackupView(new URLSearchParams("health=__proto__")).health).toBeUndefined();
  });

  it("counts as an active filter, and is never sent to the API", () => {
    expect(hasActiveFilters({ filters: {}, q: "", health: "never" })).toBe(true);
    expect(backupFiltersSearch(readBackupView(new URLSearchParams("health=late")).filters)).toBe("");
  });
});

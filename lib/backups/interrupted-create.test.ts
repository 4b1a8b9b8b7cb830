import { describe, expect, it } from "vitest";
import { matchInterruptedCreate } from "@/lib/backups/interrupted-create";
import type { Backup } from "@/lib/backups/schemas";

const backup = (id: number, created_at: string, extra: Partial<Backup> = {}): Backup => ({
  id,
  server: { id: 7, name: "web" },
  backup_type: "manual",
  status: "in_progress",
  size_mb: null,
  created_at,
  expires_at: null,
  description: "nightly",
  ...extra,
});
const create = { serverId: 7, description: "nightly", startedAt: new Date("2026-12-03T10:00:00.700Z") };

describe("the backup an interrupted create made", () => {
  it("is the oldest manual backup of its server with its description made since it began", () => {
    const listed = [
      backup(4, "2026-12-03T10:00:09Z"),
      backup(3, "2026-12-03T10:00:02Z"),
      backup(2, "2026-12-03T10:00:02Z", { backup_type: "automatic" }),
      backup(1, "2026-12-03T10:00:01Z", { server: { id: 8, name: "db" } }),
    ];
    expect(matchInterruptedCreate(listed, create)?.id).toBe(3);
  });

  it("counts VPS.org's whole seconds and a little clock skew, not more", () => {
    expect(matchInterruptedCreate([backup(1, "2026-12-03T09:59:55Z")], create)?.id).toBe(1);
    expect(matchInterruptedCreate([backup(1, "2026-12-03T09:59:54Z")], create)).toBeNull();
  });

  it("takes no description as VPS.org's empty one", () => {
    const listed = [backup(1, "2026-12-03T10:00:01Z", { description: "" })];
    expect(matchInterruptedCreate(listed, { ...create, description: undefined })?.id).toBe(1);
    expect(matchInterruptedCreate(listed, { ...create, description: null })?.id).toBe(1);
    expect(matchInterruptedCreate(listed, create)).toBeNull();
  });

  it("skips a backup another create is on record as having made", () => {
    const listed = [backup(2, "2026-12-03T10:00:03Z"), backup(1, "2026-12-03T10:00:01Z")];
    expect(matchInterruptedCreate(listed, create, (id) => id === 1)?.id).toBe(2);
    expect(matchInterruptedCreate(listed, create, () => true)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { queryAudit } from "@/lib/audit/server/audit-log";
import { recordRefusal, type RefusedAttempt } from "@/lib/audit/server/refusals";
import { backends, useStores } from "./helpers";

// A flood of refused attempts writes a bounded number of audit entries, counted in the store so that
// every instance counts together: the first of each minute as it is, the rest as one summary.

const refusal: RefusedAttempt = {
  action: "backup.delete",
  actor: { id: "u-viewer", email: "viewer@example.com" },
  target: { backupId: "501" },
  ip: "203.0.113.7",
  code: "forbidden",
  message: "Your role (viewer) does not allow this: delete backup.",
};

describe.each(backends)("refused attempts on $name", (backend) => {
  const { newStore, secondInstance } = useStores(backend);

  it("writes one entry for 30 refusals in a minute over two instances, then one summary of the other 29", async () => {
    const first = await newStore();
    const second = await secondInstance(first);
    const minute = new Date("2026-12-01T10:00:05Z");
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        recordRefusal(i % 2 ? first : second, refusal, new Date(minute.getTime() + i)),
      ),
    );
    let entries = (await queryAudit(first.db, { action: "backup.delete" })).entries;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: refusal.actor,
      target: { backupId: "501" },
      ip: refusal.ip,
      outcome: "failure",
      error: { code: "forbidden", message: `Refused: ${refusal.message}` },
    });

    await recordRefusal(second, refusal, new Date("2026-12-01T10:03:00Z"));
    entries = (await queryAudit(first.db, { action: "backup.delete" })).entries;
    expect(entries).toHaveLength(3);
    expect(entries.map((entry) => entry.error?.message)).toContain(
      `29 more refused attempts (forbidden) in the minute from 2026-12-01T10:00:00.000Z: ${refusal.message}`,
    );
  });

  it("counts another person, address or reason apart", async () => {
    const store = await newStore();
    const now = new Date("2026-12-01T11:00:00Z");
    await recordRefusal(store, refusal, now);
    await recordRefusal(store, { ...refusal, ip: "198.51.100.1" }, now);
    await recordRefusal(store, { ...refusal, actor: null }, now);
    await recordRefusal(store, { ...refusal, code: "csrf_rejected" }, now);
    expect((await queryAudit(store.db, { action: "backup.delete" })).total).toBe(4);
  });
});

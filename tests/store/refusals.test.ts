import { describe, expect, it } from "vitest";
import { queryAudit } from "@/lib/audit/server/audit-log";
import { flushRefusals, recordRefusal, REFUSAL_LIMITS, type RefusedAttempt } from "@/lib/audit/server/refusals";
import type { AuditAction } from "@/lib/audit/schemas";
import { backends, useStores } from "./helpers";

// A flood of refused attempts writes a bounded number of audit entries, counted in the store so that
// every instance counts together: the first of each kind and minute as it is, the rest as one summary
// once the minute has closed, and beyond the per-address and per-action bounds only summaries.

const refusal: RefusedAttempt = {
  action: "backup.delete",
  actor: { id: "u-viewer", email: "viewer@example.com" },
  target: { backupId: "501" },
  ip: "203.0.113.7",
  code: "forbidden",
  message: "Your role (viewer) does not allow this: delete backup.",
};

const signIn = (email: string, ip: string): RefusedAttempt => ({
  action: "auth.sign_in_failed",
  actor: null,
  target: { userEmail: email, description: "password" },
  ip,
  code: "rate_limited",
  message: "Too many sign-in attempts: try again in 60 s.",
});

const MINUTE = new Date("2026-12-01T10:00:05Z");
const LATER = new Date("2026-12-01T10:03:00Z");
const at = (ms: number) => new Date(MINUTE.getTime() + ms);

describe.each(backends)("refused attempts on $name", (backend) => {
  const { newStore, secondInstance } = useStores(backend);
  const entriesOf = async (store: { db: Parameters<typeof queryAudit>[0] }, action: AuditAction) =>
    (await queryAudit(store.db, { action, pageSize: 500 })).entries;

  it("writes one entry for 30 refusals in a minute over two instances, then one summary of the other 29", async () => {
    const first = await newStore();
    const second = await secondInstance(first);
    await Promise.all(Array.from({ length: 30 }, (_, i) => recordRefusal((i % 2 ? first : second).db, refusal, at(i))));
    let entries = await entriesOf(first, "backup.delete");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: refusal.actor,
      target: { backupId: "501" },
      ip: refusal.ip,
      outcome: "failure",
      error: { code: "forbidden", message: `Refused: ${refusal.message}` },
    });

    // Still within the minute: nothing to summarise yet.
    expect(await flushRefusals(first.db, at(50_000))).toBe(0);
    // Both instances summarise the closed minute (at once on PostgreSQL; two SQLite connections of one
    // process cannot overlap a transaction, as better-sqlite3 blocks the event loop while it waits for
    // the lock): it is written once.
    const flushes = [() => flushRefusals(first.db, LATER), () => flushRefusals(second.db, LATER)];
    const written =
      backend.name === "postgres"
        ? await Promise.all(flushes.map((flush) => flush()))
        : [await flushes[0]!(), await flushes[1]!()];
    expect(written.sort()).toEqual([0, 1]);
    entries = await entriesOf(first, "backup.delete");
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      actor: refusal.actor,
      target: { backupId: "501" },
      ip: refusal.ip,
      error: {
        code: "forbidden",
        message: `29 more refused attempts like this in the minute from 2026-12-01T10:00:00.000Z: ${refusal.message}`,
      },
    });
    expect(await flushRefusals(second.db, LATER)).toBe(0);
  });

  it("summarises a closed minute when the next refusal of any kind comes", async () => {
    const store = await newStore();
    await recordRefusal(store.db, signIn("lan@example.com", "198.51.100.4"), at(0));
    await recordRefusal(store.db, signIn("lan@example.com", "198.51.100.4"), at(1));
    await recordRefusal(store.db, refusal, LATER);
    const messages = (await entriesOf(store, "auth.sign_in_failed")).map((entry) => entry.error?.message);
    expect(messages).toContain(
      "1 more refused sign-in like this in the minute from 2026-12-01T10:00:00.000Z: Too many sign-in attempts: try again in 60 s.",
    );
  });

  it("counts another person, address, reason or target apart", async () => {
    const store = await newStore();
    await recordRefusal(store.db, refusal, MINUTE);
    await recordRefusal(store.db, { ...refusal, ip: "198.51.100.1" }, MINUTE);
    await recordRefusal(store.db, { ...refusal, actor: null }, MINUTE);
    await recordRefusal(store.db, { ...refusal, code: "csrf_rejected" }, MINUTE);
    await recordRefusal(store.db, { ...refusal, target: { backupId: "502" } }, MINUTE);
    expect((await queryAudit(store.db, { action: "backup.delete" })).total).toBe(5);
  });

  it(`writes at most ${REFUSAL_LIMITS.perAddress} kinds a minute one by one from one address, then one summary`, async () => {
    const store = await newStore();
    for (let i = 0; i < 50; i++) await recordRefusal(store.db, signIn(`guess-${i}@example.com`, "203.0.113.9"), at(i));
    expect(await entriesOf(store, "auth.sign_in_failed")).toHaveLength(REFUSAL_LIMITS.perAddress);
    expect(await flushRefusals(store.db, LATER)).toBe(1);
    const [summary] = await entriesOf(store, "auth.sign_in_failed");
    expect(summary).toMatchObject({
      actor: null,
      ip: "203.0.113.9",
      error: { code: "rate_limited" },
    });
    expect(summary?.error?.message).toMatch(
      /^40 more refused sign-ins \(rate_limited\) from 203\.0\.113\.9 in the minute from 2026-12-01T10:00:00\.000Z/,
    );
  });

  it("counts the addresses of one IPv6 /64 as one", async () => {
    const store = await newStore();
    for (let i = 1; i <= 30; i++) await recordRefusal(store.db, signIn("lan@example.com", `2001:db8:1:2::${i}`), at(i));
    expect(await entriesOf(store, "auth.sign_in_failed")).toHaveLength(REFUSAL_LIMITS.perAddress);
    await flushRefusals(store.db, LATER);
    const [summary] = await entriesOf(store, "auth.sign_in_failed");
    expect(summary?.error?.message).toMatch(/^20 more refused sign-ins \(rate_limited\) from 2001:db8:1:2::\/64 /);
  });

  it("bounds an action over every address: a flood from 150 addresses writes 100 entries and one summary", async () => {
    const store = await newStore();
    const limits = { perActor: 20, perAddress: 10, perAction: 100 };
    for (let i = 0; i < 150; i++)
      await recordRefusal(
        store.db,
        signIn("lan@example.com", `198.51.${Math.floor(i / 200)}.${i % 200}`),
        at(i),
        limits,
      );
    expect(await entriesOf(store, "auth.sign_in_failed")).toHaveLength(100);
    // Another action still has room of its own.
    await recordRefusal(store.db, refusal, at(500), limits);
    expect(await entriesOf(store, "backup.delete")).toHaveLength(1);
    expect(await flushRefusals(store.db, LATER)).toBe(1);
    const [summary] = await entriesOf(store, "auth.sign_in_failed");
    expect(summary).toMatchObject({ actor: null, ip: null });
    expect(summary?.error?.message).toMatch(
      /^50 more refused sign-ins \(rate_limited\) from 50 addresses in the minute/,
    );
  });

  it(`bounds a signed-in person alone: ${REFUSAL_LIMITS.perActor} kinds a minute, whatever others at that address do`, async () => {
    const store = await newStore();
    for (let i = 0; i < 30; i++)
      await recordRefusal(store.db, { ...refusal, target: { backupId: String(600 + i) } }, at(i));
    // A colleague behind the same address, and anonymous guessing from it, do not use up the viewer's room.
    for (let i = 0; i < 15; i++)
      await recordRefusal(store.db, signIn(`guess-${i}@example.com`, refusal.ip!), at(100 + i));
    const colleague = { ...refusal, actor: { id: "u-other", email: "other@example.com" } };
    await recordRefusal(store.db, colleague, at(200));
    const deletes = await entriesOf(store, "backup.delete");
    expect(deletes.filter((entry) => entry.actor?.id === "u-viewer")).toHaveLength(REFUSAL_LIMITS.perActor);
    expect(deletes.filter((entry) => entry.actor?.id === "u-other")).toHaveLength(1);
    await flushRefusals(store.db, LATER);
    const [summary] = await entriesOf(store, "backup.delete");
    expect(summary?.error?.message).toMatch(
      /^10 more refused attempts \(forbidden\) from 203\.0\.113\.7 in the minute/,
    );
  });
});

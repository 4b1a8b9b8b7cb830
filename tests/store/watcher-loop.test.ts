import { afterEach, describe, expect, it } from "vitest";
import { acquireLease, currentLease } from "@/lib/jobs/lease";
import { createLogger } from "@/lib/log/logger";
import { createVpsorgTransport } from "@/lib/vpsorg/transport";
import { WATCHER_LEASE } from "@/lib/watcher/serving";
import { readSnapshot } from "@/lib/watcher/snapshot";
import { startWatcher, type WatcherHandle } from "@/lib/watcher/watcher";
import { startSimulator, type RunningSimulator } from "../../simulator/server";
import { backends, useStores } from "./helpers";

// The watcher's loop against the simulator over HTTP: a poll of a slow VPS.org (many pages, each
// slow) takes longer than a lease period, and the holder keeps its lease throughout — no other
// instance takes it over in the middle and polls too — then writes the picture it read.

const LEASE_MS = 600;
const quietLog = createLogger({ level: "silent" });
let simulator: RunningSimulator | undefined;
let watcher: WatcherHandle | undefined;

afterEach(async () => {
  await watcher?.stop();
  await simulator?.close();
  watcher = undefined;
  simulator = undefined;
});

describe.each(backends)("the watcher's loop on $name", (backend) => {
  const { newStore } = useStores(backend);

  it("keeps its lease through a poll longer than a lease period, then writes that poll's picture", async () => {
    const store = await newStore();
    simulator = await startSimulator({ pageSize: 5 });
    const slowFetch: typeof fetch = async (input, init) => {
      await new Promise((resolve) => setTimeout(resolve, 120));
      return fetch(input, init);
    };
    const upstream = createVpsorgTransport({
      baseUrl: simulator.apiUrl,
      token: simulator.token,
      timeoutMs: 5_000,
      fetch: slowFetch,
    });
    watcher = startWatcher({
      db: store.db,
      upstream,
      config: { enabled: true, fastMs: 5_000, idleMs: 60_000, leaseMs: LEASE_MS, historyDays: 400 },
      log: quietLog,
    });
    const started = Date.now();
    while ((await currentLease(store.db, WATCHER_LEASE))?.holder !== watcher.holder) {
      if (Date.now() - started > 5_000) throw new Error("the watcher did not take its lease within 5 s");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Another instance tries to take the lease over all along, as the others do every third of a period.
    let takenOver = false;
    while ((await readSnapshot(store.db)) === null) {
      if (Date.now() - started > 20_000) throw new Error("no picture within 20 s");
      if (await acquireLease(store.db, WATCHER_LEASE, "another-instance", LEASE_MS)) takenOver = true;
      await new Promise((resolve) => setTimeout(resolve, LEASE_MS / 3));
    }
    // 14 pages of backups and the servers, 120 ms each: well past a lease period.
    expect(Date.now() - started).toBeGreaterThan(2 * LEASE_MS);
    expect(takenOver).toBe(false);
    expect((await currentLease(store.db, WATCHER_LEASE))?.holder).toBe(watcher.holder);
    expect((await readSnapshot(store.db))?.backups.length).toBeGreaterThan(50);
  });
});

import "server-only";
import { Gauge, type Registry } from "prom-client";
import { HEALTH_STATES, type ServerHealth } from "@/lib/backup-health/schemas";
import { accountHealth } from "@/lib/backup-health/server/account-health";
import { readPolicies } from "@/lib/backup-health/server/policies";
import { componentLogger } from "@/lib/log/logger";
import { METRIC_PREFIX } from "@/lib/metrics/registry";
import { deliveryCounts } from "@/lib/notifications/server/delivery";
import { getStore } from "@/lib/store/store";
import type { CircuitStatus } from "@/lib/vpsorg/circuit-breaker";
import { vpsorg } from "@/lib/vpsorg/server";
import { watcherHealth } from "@/lib/watcher/serving";
import { readSnapshot, type Snapshot } from "@/lib/watcher/snapshot";

// What is true of the account, read from the store when Prometheus scrapes (each gauge's collect()),
// so every instance on one store answers the same: the backups in the watcher's picture by server,
// type and status, the age of each server's latest completed backup, each server's backup health,
// the circuit breaker, the watcher's polls and the notifications' deliveries. One read of the store
// per scrape, shared by every gauge. Without a picture (no instance has run the watcher yet) the
// backup and health gauges have no series. Labels are ids, names, types and states: never a secret.

const CIRCUIT_STATES = ["closed", "open", "half_open"] as const;
/** Gauges scraped together (within this long) share one read of the store. */
const SHARED_READ_MS = 1000;

interface AccountState {
  snapshot: Snapshot | null;
  healths: Map<number, ServerHealth>;
  circuit: CircuitStatus | null;
  watcher: Awaited<ReturnType<typeof watcherHealth>>;
  deliveries: Awaited<ReturnType<typeof deliveryCounts>>;
  now: number;
}

interface Reading {
  at: number;
  state: Promise<AccountState | null>;
}

const READING = Symbol.for("vpsorg-dashboard.metrics-account-reading");
const REGISTERED = Symbol.for("vpsorg-dashboard.metrics-account-registered");
const holder = globalThis as typeof globalThis & { [READING]?: Reading; [REGISTERED]?: WeakSet<Registry> };

async function readAccountState(): Promise<AccountState> {
  const store = await getStore();
  const [snapshot, policies, watcher, deliveries, circuit] = await Promise.all([
    readSnapshot(store.db),
    readPolicies(store.db),
    watcherHealth(store.db),
    deliveryCounts(store.db),
    vpsorg(store).circuit(),
  ]);
  const now = new Date();
  return {
    snapshot,
    healths: snapshot ? accountHealth(snapshot, policies, now) : new Map(),
    circuit,
    watcher,
    deliveries,
    now: now.getTime(),
  };
}

/** This scrape's reading: the one under way or just taken, else a new one; null when the store failed. */
function accountState(): Promise<AccountState | null> {
  const reading = holder[READING];
  if (reading && Date.now() - reading.at < SHARED_READ_MS) return reading.state;
  const state = readAccountState().catch((error: unknown) => {
    componentLogger("metrics").warn({ err: error }, "the account's metrics could not be read from the store");
    return null;
  });
  holder[READING] = { at: Date.now(), state };
  return state;
}

const seconds = (iso: string | null | undefined) => (iso ? Date.parse(iso) / 1000 : null);

/** Registers the account's gauges in `registry`, once. */
export function registerAccountMetrics(registry: Registry): void {
  holder[REGISTERED] ??= new WeakSet();
  if (holder[REGISTERED].has(registry)) return;
  holder[REGISTERED].add(registry);
  const registers = [registry];

  new Gauge({
    name: `${METRIC_PREFIX}store_up`,
    help: "1 when the dashboard's store answered this scrape's reads, else 0 (and the account's gauges have no series).",
    registers,
    async collect() {
      this.set((await accountState()) ? 1 : 0);
    },
  });

  new Gauge({
    name: `${METRIC_PREFIX}backups`,
    help: "Backups in the watcher's picture of the account, by server, type and status.",
    labelNames: ["server_id", "server_name", "type", "status"],
    registers,
    async collect() {
      const state = await accountState();
      this.reset();
      const counts = new Map<string, { labels: Record<string, string>; count: number }>();
      for (const backup of state?.snapshot?.backups ?? []) {
        const labels = {
          server_id: String(backup.server.id),
          server_name: backup.server.name,
          type: backup.backup_type,
          status: backup.status,
        };
        const key = JSON.stringify(labels);
        const entry = counts.get(key) ?? { labels, count: 0 };
        entry.count++;
        counts.set(key, entry);
      }
      for (const { labels, count } of counts.values()) this.set(labels, count);
    },
  });

  new Gauge({
    name: `${METRIC_PREFIX}latest_completed_backup_age_seconds`,
    help: "How long ago each server's latest completed backup was made (servers without one have no series).",
    labelNames: ["server_id", "server_name"],
    registers,
    async collect() {
      const state = await accountState();
      this.reset();
      if (!state?.snapshot) return;
      for (const server of state.snapshot.servers.results) {
        const at = seconds(state.healths.get(server.id)?.latest_completed_at);
        if (at !== null && Number.isFinite(at))
          this.set({ server_id: String(server.id), server_name: server.name }, Math.max(0, state.now / 1000 - at));
      }
    },
  });

  new Gauge({
    name: `${METRIC_PREFIX}backup_health`,
    help: `Each server's backup health: 1 for its state, 0 for the others (${HEALTH_STATES.join(", ")}).`,
    labelNames: ["server_id", "server_name", "state"],
    registers,
    async collect() {
      const state = await accountState();
      this.reset();
      if (!state?.snapshot) return;
      for (const server of state.snapshot.servers.results) {
        const current = state.healths.get(server.id)?.state;
        for (const health of HEALTH_STATES)
          this.set(
            { server_id: String(server.id), server_name: server.name, state: health },
            health === current ? 1 : 0,
          );
      }
    },
  });

  new Gauge({
    name: `${METRIC_PREFIX}provider_circuit_state`,
    help: "The circuit breaker in front of VPS.org, shared by every instance: 1 for its state, 0 for the others.",
    labelNames: ["state"],
    registers,
    async collect() {
      const circuit = (await accountState())?.circuit;
      this.reset();
      if (!circuit) return;
      for (const circuitState of CIRCUIT_STATES)
        this.set({ state: circuitState }, circuit.state === circuitState ? 1 : 0);
    },
  });

  new Gauge({
    name: `${METRIC_PREFIX}provider_circuit_failures`,
    help: "Consecutive failed requests to VPS.org the circuit breaker has counted, over every instance.",
    registers,
    async collect() {
      const circuit = (await accountState())?.circuit;
      this.reset();
      if (circuit) this.set(circuit.failures);
    },
  });

  new Gauge({
    name: `${METRIC_PREFIX}watcher_lease_held`,
    help: "1 when an instance holds the account watcher's lease (so someone polls VPS.org), else 0.",
    registers,
    async collect() {
      const state = await accountState();
      this.reset();
      if (state) this.set(state.watcher.watching ? 1 : 0);
    },
  });

  new Gauge({
    name: `${METRIC_PREFIX}watcher_last_poll_timestamp_seconds`,
    help: "When the account watcher last polled VPS.org, successfully or not (Unix time).",
    registers,
    async collect() {
      const at = seconds((await accountState())?.watcher.polledAt);
      this.reset();
      if (at !== null) this.set(at);
    },
  });

  new Gauge({
    name: `${METRIC_PREFIX}watcher_last_successful_poll_timestamp_seconds`,
    help: "When a poll of the account watcher last succeeded (Unix time): how fresh the picture is.",
    registers,
    async collect() {
      const at = seconds((await accountState())?.watcher.confirmedAt);
      this.reset();
      if (at !== null) this.set(at);
    },
  });

  new Gauge({
    name: `${METRIC_PREFIX}notification_deliveries`,
    help: "Notification deliveries on record, by channel and state: pending (still being tried), delivered, failed (given up after a day of retries).",
    labelNames: ["channel", "channel_name", "state"],
    registers,
    async collect() {
      const state = await accountState();
      this.reset();
      for (const row of state?.deliveries ?? [])
        this.set({ channel: row.channel, channel_name: row.channelName, state: row.state }, row.count);
    },
  });
}

import "server-only";
import type { Kysely } from "kysely";
import { flushRefusals } from "@/lib/audit/server/refusals";
import { accountBackups } from "@/lib/backups/server/account-backups";
import type { WatcherConfig } from "@/lib/config/env-schema";
import type { Database } from "@/lib/db/schema";
import { asApiError } from "@/lib/http/server/api-error";
import { acquireLease, newHolderId } from "@/lib/jobs/lease";
import { componentLogger, type Logger } from "@/lib/log/logger";
import { fetchServerList } from "@/lib/servers/server/load-server-list";
import { trackHealthTransitions } from "@/lib/backup-health/server/transitions";
import { enqueueNotification, hasActiveChannels } from "@/lib/notifications/server/outbox";
import { notifyProviderHealth } from "@/lib/notifications/server/rules";
import { VpsorgError } from "@/lib/vpsorg/errors";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";
import { isBusy } from "@/lib/watcher/changes";
import { RECONCILE_EVERY_MS, reconcileAuditLog } from "@/lib/watcher/reconcile";
import { runSchedules } from "@/lib/schedules/server/runner";
import { WATCHER_LEASE } from "@/lib/watcher/serving";
import { readSnapshot, recordPoll, recordPollFailure, refreshRequestedAt } from "@/lib/watcher/snapshot";

// The account watcher: exactly one process per deployment polls VPS.org, the holder of the "watcher"
// lease in the store. Every instance runs this loop; the others only try, every third of a lease
// period, to take the lease over, so when its holder dies another has it within two lease periods.
// The holder polls fast (WATCHER_FAST_MS) while a backup runs or a server restores, idle
// (WATCHER_IDLE_MS) otherwise, at once when an instance asked for a refresh after a change, later
// when VPS.org says Retry-After, and backs off (doubling from the fast cadence up to the idle one)
// while polls fail. Each poll's picture goes to the store (lib/watcher/snapshot.ts); the holder also
// settles interrupted attempts in the audit log (lib/watcher/reconcile.ts).

/** How often the holder looks for refresh requests between polls. */
const REFRESH_CHECK_MS = 250;
const SWEEP_EVERY_MS = 60 * 60 * 1000;
/** Refusal summaries change only when a minute closes. */
const FLUSH_EVERY_MS = 15_000;
/** Due times are looked for every second: a run starts within a second of its time (while the picture is fresh). */
const SCHEDULES_EVERY_MS = 1_000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface WatcherHandle {
  readonly holder: string;
  /** Stops the loop after the current step. */
  stop(): Promise<void>;
}

export interface WatcherDeps {
  db: Kysely<Database>;
  upstream: VpsorgTransport;
  config: WatcherConfig;
  /** How long VPS.org may fail before provider.down is notified (NOTIFY_PROVIDER_DOWN_MINUTES). */
  providerDownMs?: number;
  /** Where its lines go (default: the `watcher` component's logger). */
  log?: Logger;
}

/** The delay before the next poll after a failure: Retry-After when VPS.org gave one, else backing off. */
export function failureDelayMs(config: WatcherConfig, failuresInARow: number, error: unknown): number {
  const backoff = Math.min(config.fastMs * 2 ** Math.max(0, failuresInARow - 1), config.idleMs);
  const retryAfter =
    error instanceof VpsorgError && error.retryAfterSeconds !== undefined ? error.retryAfterSeconds : 0;
  return Math.max(backoff, retryAfter * 1000);
}

export function startWatcher({
  db,
  upstream,
  config,
  providerDownMs = 10 * 60_000,
  log = componentLogger("watcher"),
}: WatcherDeps): WatcherHandle {
  const holder = newHolderId();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let holding = false;
  let nextPollAt = 0;
  let lastPollStartedAt = 0;
  let failures = 0;
  let lastSweepAt = 0;
  let lastFlushAt = 0;
  let lastReconcileAt = 0;
  let lastSchedulesAt = 0;
  let renewedAt = 0;

  async function poll(): Promise<void> {
    const started = Date.now();
    lastPollStartedAt = started;
    try {
      const [backups, servers] = await renewingLease(() =>
        Promise.all([accountBackups(upstream), fetchServerList(upstream)]),
      );
      // Renewed once more before writing: an instance that lost the lease (its store was away longer
      // than a lease period) must not write a picture over the new holder's newer one.
      if (!(await renew())) {
        holding = false;
        log.info("the lease was lost during a poll: its picture is not written");
        return;
      }
      const { events, superseded } = await recordPoll(db, { backups, servers }, new Date(), new Date(started));
      if (superseded) {
        // A change was folded in while this poll read VPS.org: read it again, after the change.
        nextPollAt = 0;
        return;
      }
      await tellHealth();
      if (failures > 0) log.info({ failedPolls: failures }, `VPS.org answers again after ${failures} failed poll(s)`);
      failures = 0;
      nextPollAt = started + (isBusy({ backups, servers: servers.results }) ? config.fastMs : config.idleMs);
      log.info(
        {
          poll: "success",
          durationMs: Date.now() - started,
          backups: backups.length,
          servers: servers.results.length,
          changes: events.map((e) => e.kind),
        },
        `poll: ${backups.length} backup(s), ${servers.results.length} server(s), ${events.length} change(s)`,
      );
    } catch (error) {
      failures++;
      const apiError = asApiError(error);
      await recordPollFailure(db, { code: apiError.code, message: apiError.message }).catch(() => undefined);
      nextPollAt = Date.now() + failureDelayMs(config, failures, error);
      const fields = {
        poll: "failure",
        durationMs: Date.now() - started,
        failedPolls: failures,
        error: { code: apiError.code, message: apiError.message },
      };
      if (apiError.code === "internal_error") log.error({ ...fields, err: error }, "a poll failed on a bug");
      // The first failure of a run of them says why; the next ones only that they go on.
      else if (failures === 1) log.warn(fields, `polling VPS.org failed: ${apiError.code}: ${apiError.message}`);
      else log.info(fields, `polling VPS.org failed again (${failures} in a row): ${apiError.code}`);
    }
  }

  /** Servers turning late or never backed up are told once per transition (lib/backup-health/server/transitions.ts). */
  async function tellHealth(): Promise<void> {
    try {
      const snapshot = await readSnapshot(db);
      if (!snapshot) return;
      const told = await trackHealthTransitions(db, snapshot, {
        enqueue: enqueueNotification,
        channels: await hasActiveChannels(db),
      });
      for (const notification of told)
        log.info(
          { notification: notification.kind, serverId: notification.server?.id },
          `${notification.kind}${notification.server ? ` for ${notification.server.name}` : ""} enqueued`,
        );
    } catch (error) {
      // The picture is written: a failure here is retried after the next poll, the poll stands.
      log.warn({ err: error }, `the servers' health could not be tracked: ${asApiError(error).message}`);
    }
  }

  async function runDueSchedules(): Promise<void> {
    try {
      const report = await renewingLease(() => runSchedules({ db, upstream }));
      for (const run of report.runs)
        log.info(
          { scheduleId: run.scheduleId, dueAt: run.dueAt, missed: run.missed },
          `schedule ${run.scheduleId} ran for ${run.dueAt}${run.missed > 0 ? ` (covering ${run.missed} missed)` : ""}`,
        );
      if (report.created.length > 0) log.info({ backupIds: report.created }, "schedules started backups");
      if (report.deleted.length > 0) log.info({ backupIds: report.deleted }, "schedules deleted backups");
    } catch (error) {
      // A run claimed is on record: what it did not finish is settled by the next pass.
      log.warn({ err: error }, `the schedules could not run: ${asApiError(error).message}`);
    }
  }

  /** Renews the lease; false when another instance holds it now. */
  async function renew(): Promise<boolean> {
    const asked = Date.now();
    const lease = await acquireLease(db, WATCHER_LEASE, holder, config.leaseMs);
    if (lease) renewedAt = asked;
    return lease !== null;
  }

  /**
   * Runs `work` (a poll: many pages of a slow VPS.org can take longer than a lease period) while
   * renewing the lease every third of its period, so no other instance takes it over meanwhile.
   */
  async function renewingLease<T>(work: () => Promise<T>): Promise<T> {
    const heartbeat = setInterval(() => void renew().catch(() => undefined), config.leaseMs / 3);
    heartbeat.unref();
    try {
      return await work();
    } finally {
      clearInterval(heartbeat);
    }
  }

  async function sweep(now: number): Promise<void> {
    const cutoff = new Date(now - config.historyDays * DAY_MS).toISOString();
    await db.deleteFrom("account_event").where("at", "<", cutoff).execute();
    await db.deleteFrom("backup_history").where("vanished_at", "<", cutoff).execute();
  }

  async function step(): Promise<number> {
    // The lease is renewed every third of its period (not at every look for refresh requests).
    if (!holding || Date.now() - renewedAt >= config.leaseMs / 3) {
      if (!(await renew())) {
        if (holding) log.info("another instance holds the watcher's lease now");
        holding = false;
        return config.leaseMs / 3;
      }
      if (!holding) {
        log.info({ lease: holder }, "this instance watches the account");
        holding = true;
        nextPollAt = 0;
      }
    }
    const requested = await refreshRequestedAt(db);
    const now = Date.now();
    if (now >= nextPollAt || (requested && requested.getTime() > lastPollStartedAt)) {
      await poll();
      // VPS.org down for too long, or back: told once each, as the store remembers.
      await notifyProviderHealth(db, providerDownMs);
    }
    if (now - lastSweepAt >= SWEEP_EVERY_MS) {
      lastSweepAt = now;
      await sweep(now);
    }
    // Summaries of refused attempts in minutes that have closed, even when nobody reads the log.
    if (now - lastFlushAt >= FLUSH_EVERY_MS) {
      lastFlushAt = now;
      await flushRefusals(db);
    }
    // The team's schedules: due runs, their backups' outcomes and retention (lib/schedules/server/runner.ts).
    if (now - lastSchedulesAt >= SCHEDULES_EVERY_MS) {
      lastSchedulesAt = now;
      await runDueSchedules();
    }
    // Interrupted creates, deletes and restores get their outcome in the audit log (lib/watcher/reconcile.ts).
    if (now - lastReconcileAt >= RECONCILE_EVERY_MS) {
      lastReconcileAt = now;
      const { written } = await reconcileAuditLog(db);
      for (const entry of written)
        log.info(
          { auditEntry: entry.id, action: entry.action, outcome: entry.outcome },
          `an interrupted ${entry.action} is on record as ${entry.outcome}`,
        );
    }
    const untilPoll = Math.max(0, nextPollAt - Date.now());
    return Math.min(untilPoll, REFRESH_CHECK_MS, config.leaseMs / 3);
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = step()
        .catch((error: unknown) => {
          // The store may be unreachable: try again later, never crash the server.
          const apiError = asApiError(error);
          log.warn(
            { error: { code: apiError.code, message: apiError.message } },
            `step failed: ${apiError.code}: ${apiError.message}`,
          );
          return config.leaseMs / 3;
        })
        .then(schedule);
    }, delayMs);
    timer.unref();
  }

  schedule(0);
  return {
    holder,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

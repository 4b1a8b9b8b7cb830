import "server-only";
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { PictureFreshness } from "@/lib/backups/schemas";
import { parseEnv, watcherConfig, type WatcherConfig } from "@/lib/config/env-schema";
import type { Database } from "@/lib/db/schema";
import { toIso } from "@/lib/db/values";
import { currentLease } from "@/lib/jobs/lease";
import { readSnapshot, type Snapshot } from "@/lib/watcher/snapshot";

// Which picture the list routes (and the page's first render) answer from: the watcher's latest
// snapshot in the store, whichever instance took it, so a viewer's poll costs VPS.org nothing. Only
// when nobody watches — no snapshot yet, or an old one and no instance holding the watcher's lease
// (WATCHER=off everywhere) — do they read VPS.org themselves, as before the watcher existed.

/** The watcher's lease name (lib/watcher/watcher.ts holds it). */
export const WATCHER_LEASE = "watcher";

let config: WatcherConfig | undefined;

/** How old a picture may be before the routes ask whether anyone still watches. */
export function staleAfterMs(watcher: WatcherConfig): number {
  return 2 * watcher.idleMs + 2 * watcher.leaseMs;
}

/** The snapshot to answer from, or null to read VPS.org directly. */
export async function servingSnapshot(db: Kysely<Database>, now: Date = new Date()): Promise<Snapshot | null> {
  const snapshot = await readSnapshot(db);
  if (!snapshot) return null;
  config ??= watcherConfig(parseEnv(process.env));
  const polledAt = snapshot.polledAt ? Date.parse(snapshot.polledAt) : 0;
  if (now.getTime() - polledAt <= staleAfterMs(config)) return snapshot;
  // A watcher backing off (a long Retry-After) still holds its lease; a deployment without one does not.
  return (await currentLease(db, WATCHER_LEASE, now)) ? snapshot : null;
}

/** The freshness fields of an answer from `snapshot` (or from VPS.org directly: null). */
export function freshnessOf(snapshot: Snapshot | null): PictureFreshness {
  return {
    snapshot_at: snapshot?.confirmedAt ?? null,
    error: snapshot?.error ?? null,
  };
}

/**
 * The ETag of one answer from `snapshot`, known before its body is: the picture's own ETag (computed
 * once per generation) with what else the answer depends on (which answer, its filters, its freshness).
 */
export function snapshotAnswerETag(snapshot: Snapshot, answer: string, variant: unknown): string {
  const parts = JSON.stringify([answer, variant, snapshot.generation, snapshot.confirmedAt, snapshot.error]);
  const suffix = createHash("sha256").update(parts).digest("base64url").slice(0, 16);
  return `${snapshot.etag.slice(0, -1)}.${suffix}"`;
}

/** The watcher's part of GET /api/health. */
export async function watcherHealth(
  db: Kysely<Database>,
  now: Date = new Date(),
): Promise<{ watching: boolean; polledAt: string | null; confirmedAt: string | null; failingSince: string | null }> {
  const [head, lease] = await Promise.all([
    db
      .selectFrom("account_snapshot")
      .select(["polled_at", "confirmed_at", "error_since"])
      .where("id", "=", 1)
      .executeTakeFirst(),
    currentLease(db, WATCHER_LEASE, now),
  ]);
  const iso = (value: Date | string | null | undefined) => (value ? toIso(value) : null);
  return {
    watching: lease !== null,
    polledAt: iso(head?.polled_at),
    confirmedAt: iso(head?.confirmed_at),
    failingSince: iso(head?.error_since),
  };
}

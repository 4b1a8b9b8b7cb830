import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { Kysely } from "kysely";
import { parseEnv, watcherConfig } from "@/lib/config/env-schema";
import type { Database } from "@/lib/db/schema";
import { currentLease } from "@/lib/jobs/lease";
import { readSnapshot, requestRefresh, type Snapshot } from "@/lib/watcher/snapshot";
import { WATCHER_LEASE } from "@/lib/watcher/serving";

// A picture of the account taken after now, from the watcher: asked for and waited for (bounded),
// for a caller that must not act on an older one (a retry looking for what an interrupted create
// did). Without a watcher, or when it does not come in time, the caller reads VPS.org itself.

export interface FreshPictureOptions {
  /** How long to wait for the watcher's poll; default two fast cadences (WATCHER_FAST_MS) and 2 s. */
  waitMs?: number;
  /** Between two looks at the store. */
  pollMs?: number;
}

let defaultWaitMs: number | undefined;

/**
 * The watcher's picture from a poll that ended after this call asked for it (successfully), or null
 * when no instance holds the watcher's lease, that poll failed, or it did not come within `waitMs`.
 */
export async function freshPicture(
  db: Kysely<Database>,
  { waitMs, pollMs = 150 }: FreshPictureOptions = {},
): Promise<Snapshot | null> {
  if (!(await currentLease(db, WATCHER_LEASE))) return null;
  waitMs ??= defaultWaitMs ??= 2 * watcherConfig(parseEnv(process.env)).fastMs + 2000;
  const asked = new Date();
  await requestRefresh(db, asked);
  const deadline = asked.getTime() + waitMs;
  for (;;) {
    const snapshot = await readSnapshot(db);
    const after = (time: string | null | undefined) => time != null && Date.parse(time) > asked.getTime();
    if (after(snapshot?.confirmedAt)) return snapshot;
    if (after(snapshot?.polledAt)) return null; // that poll failed
    const left = deadline - Date.now();
    if (left <= 0) return null;
    await sleep(Math.min(pollMs, left));
  }
}

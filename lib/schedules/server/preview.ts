import "server-only";
import type { Kysely } from "kysely";
import type { Backup } from "@/lib/backups/schemas";
import type { Database } from "@/lib/db/schema";
import { nextDueTimes, serverTimeZone } from "@/lib/schedules/cron";
import { renderDescription } from "@/lib/schedules/description";
import type { PreviewScheduleInput } from "@/lib/schedules/inputs";
import { DEFAULT_DESCRIPTION_TEMPLATE, DEFAULT_KEEP_LAST } from "@/lib/schedules/limits";
import { previewRetention } from "@/lib/schedules/retention";
import type { PreviewBackup, SchedulePreview } from "@/lib/schedules/schemas";
import { ownership } from "@/lib/schedules/server/runner";
import { cronRules } from "@/lib/schedules/server/schedules";
import { readSnapshot } from "@/lib/watcher/snapshot";

// The retention preview, like Proxmox's prune simulator: for a schedule as the form holds it (saved
// or not), its next five due times and, on each of its servers, what its next run would do with the
// backups there now — the room it makes under the quota, which of its own it keeps and deletes once
// its new backup completes, and what it never touches. Nothing is changed.

const shown = ({ id, status, created_at, description, size_mb }: Backup): PreviewBackup => ({
  id,
  status,
  created_at,
  description,
  size_mb,
});

export async function previewSchedule(
  db: Kysely<Database>,
  input: PreviewScheduleInput,
  now: Date = new Date(),
): Promise<SchedulePreview> {
  const timezone = input.timezone ?? serverTimeZone();
  const nextRuns = nextDueTimes(input.cron, timezone, now, 5, cronRules());
  const template = input.description_template ?? DEFAULT_DESCRIPTION_TEMPLATE;
  const keepLast = input.keep_last ?? DEFAULT_KEEP_LAST;
  const snapshot = await readSnapshot(db);
  const known = snapshot?.servers.results ?? [];
  const servers = input.all_servers
    ? known
    : (input.server_ids ?? []).flatMap((id) => known.filter((server) => server.id === id));
  const example = renderDescription(template, {
    schedule: input.name,
    server: servers[0]?.name ?? "web-01",
    dueAt: nextRuns[0] ?? now,
    timezone,
  });
  const previews = [];
  for (const server of servers) {
    const backups = (snapshot?.backups ?? []).filter((backup) => backup.server.id === server.id);
    // A schedule not saved yet owns nothing: its preview keeps everything there is.
    const owners = await ownership(db, input.id ?? 0, backups);
    const plan = previewRetention(backups, owners, keepLast);
    previews.push({
      server: { id: server.id, name: server.name },
      manual_count: plan.room.manualCount,
      keep: plan.keep.map(shown),
      delete: plan.delete.map(shown),
      make_room: plan.room.kind === "make_room" ? shown(plan.room.backup) : null,
      untouched: plan.untouched,
      blocked: plan.room.kind === "quota_full" ? { code: "quota_full", message: plan.room.message } : null,
    });
  }
  return {
    next_runs: nextRuns.map((at) => at.toISOString()),
    description_example: example,
    servers: previews,
    picture: snapshot !== null,
  };
}

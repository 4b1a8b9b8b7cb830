import "server-only";
import type { Kysely } from "kysely";
import type { Database } from "@/lib/db/schema";
import { toIso } from "@/lib/db/values";
import type { EventsQuery } from "@/lib/events/inputs";
import { DEFAULT_EVENT_LIMIT, type EventDetail, type EventEntry, type EventPage } from "@/lib/events/schemas";

// The watcher's events as GET /api/events answers them: newest first, a page at a time. Pages are cut
// by id, not by offset or time: ids grow in the order the events were written (one writer at a time,
// under the picture's lock), several events share one `at`, and new events arriving between two pages
// shift no row from one page to the next.

/** The stored detail (a JSON object), keeping only the plain values the wire shape allows. */
function detailOf(text: string): EventDetail {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return {};
  const detail: EventDetail = {};
  for (const [key, value] of Object.entries(parsed))
    if (value === null || typeof value === "string" || (typeof value === "number" && Number.isFinite(value)))
      detail[key] = value;
  return detail;
}

export async function listEvents(db: Kysely<Database>, query: EventsQuery): Promise<EventPage> {
  const limit = query.limit ?? DEFAULT_EVENT_LIMIT;
  let select = db
    .selectFrom("account_event")
    .select(["id", "at", "kind", "server_id", "server_name", "backup_id", "actor_email", "detail"])
    .orderBy("id", "desc")
    // One more than asked: whether there is an older page.
    .limit(limit + 1);
  if (query.server_id !== undefined) select = select.where("server_id", "=", query.server_id);
  if (query.before !== undefined) select = select.where("id", "<", query.before);
  const rows = await select.execute();
  const results: EventEntry[] = rows.slice(0, limit).map((row) => ({
    id: Number(row.id),
    at: toIso(row.at),
    kind: row.kind,
    server: row.server_id === null ? null : { id: Number(row.server_id), name: row.server_name ?? `#${row.server_id}` },
    backup_id: row.backup_id === null ? null : Number(row.backup_id),
    actor_email: row.actor_email,
    detail: detailOf(row.detail),
  }));
  return {
    count: results.length,
    results,
    next_before: rows.length > limit ? results[results.length - 1]!.id : null,
  };
}

import "server-only";
import type { Backup } from "@/lib/backups/schemas";
import type { EventKind } from "@/lib/events/schemas";
import { RESTORING, type Server } from "@/lib/servers/schemas";

// What changed in the account between two polls of the watcher, as events. Pure: the watcher
// (lib/watcher/watcher.ts) hands it the previous picture and the new one and stores what it returns.

/** One poll's view of the account: every backup (newest first) and every server. */
export interface Picture {
  backups: Backup[];
  servers: Server[];
}

// The kinds of event are defined with their wire shape (lib/events/schemas.ts, GET /api/events).

export interface AccountEvent {
  kind: EventKind;
  /** ISO 8601 UTC: when the watcher saw it (the provider gives no time for most changes). */
  at: string;
  serverId: number | null;
  serverName: string | null;
  backupId: number | null;
  /** Who did it, when the dashboard did it (from the audit log). */
  actorEmail: string | null;
  detail: Record<string, string | number | null>;
}

/** A backup deleted through the dashboard, as the audit log tells it. */
export interface DashboardDeletion {
  email: string | null;
  at: string;
}

export interface ChangeContext {
  now: Date;
  /** Backups a person deleted through the dashboard, by id (only those that vanished matter). */
  deletedThroughDashboard: ReadonlyMap<number, DashboardDeletion>;
}

const isFinal = (status: string) => status === "completed" || status === "failed";

function backupEvent(kind: EventKind, backup: Backup, at: string, detail: AccountEvent["detail"] = {}): AccountEvent {
  return {
    kind,
    at,
    serverId: backup.server.id,
    serverName: backup.server.name,
    backupId: backup.id,
    actorEmail: null,
    detail: { backup_type: backup.backup_type, description: backup.description, ...detail },
  };
}

function serverEvent(kind: EventKind, server: Server, at: string, detail: AccountEvent["detail"] = {}): AccountEvent {
  return { kind, at, serverId: server.id, serverName: server.name, backupId: null, actorEmail: null, detail };
}

/** The event a backup's new status means: started, completed, failed, or another status as it is. */
function statusEvent(backup: Backup, at: string, from: string | null): AccountEvent {
  const detail = { from, to: backup.status, size_mb: backup.size_mb };
  if (backup.status === "completed") return backupEvent("backup.completed", backup, at, detail);
  if (backup.status === "failed") return backupEvent("backup.failed", backup, at, detail);
  if (backup.status === "in_progress" && from === null) return backupEvent("backup.started", backup, at, detail);
  return backupEvent("backup.status_changed", backup, at, detail);
}

/**
 * The events between `previous` (null on the watcher's first poll: the baseline, which has none) and
 * `next`, in a stable order: backups by id, then servers by id.
 */
export function changesBetween(previous: Picture | null, next: Picture, context: ChangeContext): AccountEvent[] {
  if (!previous) return [];
  const at = context.now.toISOString();
  const events: AccountEvent[] = [];

  const before = new Map(previous.backups.map((backup) => [backup.id, backup]));
  const after = new Map(next.backups.map((backup) => [backup.id, backup]));
  for (const backup of [...after.values()].sort((a, b) => a.id - b.id)) {
    const old = before.get(backup.id);
    if (!old) {
      // New since the last poll: started (or already finished, when it was quick or made between polls).
      if (isFinal(backup.status)) events.push(backupEvent("backup.started", backup, at));
      events.push(statusEvent(backup, at, null));
    } else if (old.status !== backup.status) {
      events.push(statusEvent(backup, at, old.status));
    }
  }
  for (const backup of [...before.values()].sort((a, b) => a.id - b.id)) {
    if (after.has(backup.id)) continue;
    const deletion = context.deletedThroughDashboard.get(backup.id);
    if (deletion) {
      events.push({ ...backupEvent("backup.deleted", backup, at, { by: "dashboard" }), actorEmail: deletion.email });
    } else if (backup.expires_at !== null && Date.parse(backup.expires_at) <= context.now.getTime()) {
      events.push(backupEvent("backup.expired", backup, at, { expires_at: backup.expires_at }));
    } else {
      events.push(backupEvent("backup.deleted", backup, at, { by: "elsewhere" }));
    }
  }

  const serversBefore = new Map(previous.servers.map((server) => [server.id, server]));
  const serversAfter = new Map(next.servers.map((server) => [server.id, server]));
  for (const server of [...serversAfter.values()].sort((a, b) => a.id - b.id)) {
    const old = serversBefore.get(server.id);
    if (!old) {
      events.push(serverEvent("server.added", server, at, { status: server.status }));
      continue;
    }
    // An unknown status (the token may not read servers) is no change.
    if (old.status === server.status || old.status === null || server.status === null) continue;
    const detail = { from: old.status, to: server.status };
    if (server.status === RESTORING) events.push(serverEvent("server.restoring", server, at, detail));
    else if (old.status === RESTORING) events.push(serverEvent("server.restored", server, at, detail));
    else events.push(serverEvent("server.status_changed", server, at, detail));
  }
  for (const server of [...serversBefore.values()].sort((a, b) => a.id - b.id)) {
    if (!serversAfter.has(server.id)) events.push(serverEvent("server.removed", server, at));
  }
  return events;
}

/** True while anything is moving: a backup in progress or a server restoring (the watcher polls fast then). */
export function isBusy(picture: Picture): boolean {
  return (
    picture.backups.some((backup) => backup.status === "in_progress") ||
    picture.servers.some((server) => server.status === RESTORING)
  );
}

import { HEALTH_STATES, type HealthState } from "@/lib/backup-health/schemas";
import type { Backup } from "@/lib/backups/schemas";
import type { BackupFilters } from "@/lib/backups/inputs";
import type { BackupType } from "@/lib/backups/limits";

// What the backups page shows, as kept in its URL: `?server_id=&backup_type=&health=&q=`. Only valid
// values are read, so a hand-edited link never sends the API something it refuses.

export interface BackupView {
  filters: BackupFilters;
  /** Free text matched against description and server name, in the browser. */
  q: string;
  /** Only the servers in this backup-health state (and their backups), in the browser. */
  health?: HealthState;
}

const ID_PATTERN = /^[1-9][0-9]{0,15}$/;

export function isBackupType(value: unknown): value is BackupType {
  return value === "manual" || value === "automatic";
}

export function readBackupView(params: Pick<URLSearchParams, "get">): BackupView {
  const serverId = params.get("server_id");
  const backupType = params.get("backup_type");
  const filters: BackupFilters = {};
  if (serverId !== null && ID_PATTERN.test(serverId) && Number(serverId) <= Number.MAX_SAFE_INTEGER)
    filters.server_id = Number(serverId);
  if (isBackupType(backupType)) filters.backup_type = backupType;
  const health = HEALTH_STATES.find((state) => state === params.get("health"));
  return { filters, q: params.get("q") ?? "", ...(health ? { health } : {}) };
}

/** The query string for a view, without empty parameters: `?server_id=12345&q=nginx` or `""`. */
export function backupViewSearch(view: BackupView): string {
  const params = new URLSearchParams();
  if (view.filters.server_id !== undefined) params.set("server_id", String(view.filters.server_id));
  if (view.filters.backup_type !== undefined) params.set("backup_type", view.filters.backup_type);
  if (view.health) params.set("health", view.health);
  if (view.q.trim() !== "") params.set("q", view.q);
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** The /api/backups query string for the server-side filters. */
export function backupFiltersSearch(filters: BackupFilters): string {
  return backupViewSearch({ filters, q: "" });
}

export function matchesFilters(backup: Backup, filters: BackupFilters): boolean {
  return (
    (filters.server_id === undefined || backup.server.id === filters.server_id) &&
    (filters.backup_type === undefined || backup.backup_type === filters.backup_type)
  );
}

/** Case-insensitive match of every word of `q` in the description or the server name. */
export function matchesSearch(backup: Backup, q: string): boolean {
  const words = q.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = `${backup.description}\n${backup.server.name}`.toLocaleLowerCase();
  return words.every((word) => haystack.includes(word));
}

export function hasActiveFilters(view: BackupView): boolean {
  return (
    view.filters.server_id !== undefined ||
    view.filters.backup_type !== undefined ||
    view.health !== undefined ||
    view.q.trim() !== ""
  );
}

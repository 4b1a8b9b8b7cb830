/** The simulator's records and the pure rules derived from them (status, expiry, size). */
import { mulberry32 } from "./prng";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export const MANUAL_BACKUP_LIMIT = 10;
export const DESCRIPTION_MAX_LENGTH = 255;

export const BACKUP_TYPES = ["manual", "automatic"] as const;
export type BackupType = (typeof BACKUP_TYPES)[number];

/** How a backup ends once its creation time has elapsed. */
export type BackupOutcome = "completed" | "failed";
export type BackupStatus = "in_progress" | BackupOutcome;

export const SERVER_STATUSES = ["active", "stopped", "suspended"] as const;
/** A server's own status; `restoring` is derived from `restoringUntilMs`. */
export type ServerBaseStatus = (typeof SERVER_STATUSES)[number];
export type ServerStatus = ServerBaseStatus | "restoring";

export interface Plan {
  id: number;
  name: string;
  vcpus: number;
  memory: number;
  storage: number;
}

export interface OperatingSystem {
  id: number;
  name: string;
}

export const PLANS = {
  starter: { id: 1, name: "Starter 2GB", vcpus: 1, memory: 2048, storage: 50 },
  standard: { id: 2, name: "Standard 4GB", vcpus: 2, memory: 4096, storage: 80 },
  standard8: { id: 3, name: "Standard 8GB", vcpus: 4, memory: 8192, storage: 160 },
  performance: { id: 4, name: "Performance 16GB", vcpus: 8, memory: 16384, storage: 320 },
} as const satisfies Record<string, Plan>;

export const OPERATING_SYSTEMS = {
  ubuntu: { id: 1, name: "Ubuntu 24.04" },
  debian: { id: 2, name: "Debian 12" },
  rocky: { id: 3, name: "Rocky Linux 9" },
} as const satisfies Record<string, OperatingSystem>;

export interface ServerRecord {
  id: number;
  name: string;
  hostname: string;
  /** The status outside a restore (a finished restore leaves the server `active`). */
  status: ServerBaseStatus;
  ipAddress: string;
  location: string;
  plan: Plan;
  os: OperatingSystem;
  createdAtMs: number;
  updatedAtMs: number;
  /** While now < restoringUntilMs the server reports `restoring`. */
  restoringUntilMs: number | null;
  /** Drives plausible backup sizes; never serialized. */
  diskUsageMb: number;
}

export interface BackupRecord {
  id: number;
  serverId: number;
  backupType: BackupType;
  description: string;
  createdAtMs: number;
  /** The backup is `in_progress` until this instant, then `outcome`. */
  completesAtMs: number;
  outcome: BackupOutcome;
  /** Reported only once the backup is completed. */
  sizeMb: number;
  /** null for manual backups (they never expire). */
  expiresAtMs: number | null;
}

export interface AccountRecord {
  email: string;
  firstName: string;
  lastName: string;
  companyName: string;
  createdAtMs: number;
  tokenName: string;
  tokenCreatedAtMs: number;
}

export function backupStatus(backup: BackupRecord, nowMs: number): BackupStatus {
  return nowMs < backup.completesAtMs ? "in_progress" : backup.outcome;
}

/** Expired automatic backups are gone: they are neither listed nor found. */
export function isExpired(backup: BackupRecord, nowMs: number): boolean {
  return backup.expiresAtMs !== null && backup.expiresAtMs <= nowMs;
}

export function serverStatus(server: ServerRecord, nowMs: number): ServerStatus {
  return server.restoringUntilMs !== null && nowMs < server.restoringUntilMs ? "restoring" : server.status;
}

/** A plausible, deterministic backup size in MB: the server's disk usage ±15%, within 800–60000. */
export function backupSizeMb(diskUsageMb: number, backupId: number): number {
  const jitter = 0.85 + 0.3 * mulberry32(Math.imul(backupId, 0x9e3779b1))();
  return Math.min(60_000, Math.max(800, Math.round(diskUsageMb * jitter)));
}

/** ISO 8601 UTC without milliseconds, e.g. `2025-01-16T03:00:00Z`. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A hostname-safe slug of a server name (non-Latin names fall back to `server-<id>`). */
export function hostnameFor(name: string, id: number): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `${slug === "" ? `server-${id}` : slug}.example.com`;
}

/** A documentation-range address (RFC 5737), stable for a given server id. */
export function ipAddressFor(id: number): string {
  const ranges = ["192.0.2", "198.51.100", "203.0.113"] as const;
  return `${ranges[id % ranges.length]}.${(id % 253) + 1}`;
}

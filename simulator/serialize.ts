/** The one place that turns records into the API's JSON shapes. */
import {
  type AccountRecord,
  type BackupRecord,
  type BackupStatus,
  type BackupType,
  type OperatingSystem,
  type Plan,
  type ServerRecord,
  type ServerStatus,
  backupStatus,
  serverStatus,
  toIso,
} from "./model";

export interface BackupJson {
  id: number;
  server: { id: number; name: string };
  backup_type: BackupType;
  status: BackupStatus;
  size_mb: number | null;
  created_at: string;
  expires_at: string | null;
  description: string;
}

export interface ServerJson {
  id: number;
  name: string;
  hostname: string;
  status: ServerStatus;
  ip_address: string;
  location: string;
  plan: Plan;
  os: OperatingSystem;
  created_at: string;
  updated_at: string;
}

export interface AccountJson {
  account: { email: string; first_name: string; last_name: string; company_name: string; created_at: string };
  token: { name: string; permissions: string[]; created_at: string; last_used_at: string | null };
}

export function serializeBackup(backup: BackupRecord, server: ServerRecord, nowMs: number): BackupJson {
  const status = backupStatus(backup, nowMs);
  return {
    id: backup.id,
    server: { id: server.id, name: server.name },
    backup_type: backup.backupType,
    status,
    size_mb: status === "completed" ? backup.sizeMb : null,
    created_at: toIso(backup.createdAtMs),
    expires_at: backup.expiresAtMs === null ? null : toIso(backup.expiresAtMs),
    description: backup.description,
  };
}

export function serializeServer(server: ServerRecord, nowMs: number): ServerJson {
  return {
    id: server.id,
    name: server.name,
    hostname: server.hostname,
    status: serverStatus(server, nowMs),
    ip_address: server.ipAddress,
    location: server.location,
    plan: { ...server.plan },
    os: { ...server.os },
    created_at: toIso(server.createdAtMs),
    updated_at: toIso(server.updatedAtMs),
  };
}

export function serializeAccount(
  account: AccountRecord,
  permissions: readonly string[],
  tokenLastUsedAtMs: number | null,
): AccountJson {
  return {
    account: {
      email: account.email,
      first_name: account.firstName,
      last_name: account.lastName,
      company_name: account.companyName,
      created_at: toIso(account.createdAtMs),
    },
    token: {
      name: account.tokenName,
      permissions: [...permissions],
      created_at: toIso(account.tokenCreatedAtMs),
      last_used_at: tokenLastUsedAtMs === null ? null : toIso(tokenLastUsedAtMs),
    },
  };
}

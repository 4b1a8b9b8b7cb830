/** The simulator's in-memory state and the upstream API's rules. Statuses are derived lazily from timestamps. */
import { fieldError, nonFieldError, notFound } from "./api-error";
import {
  type AccountRecord,
  type BackupRecord,
  type BackupStatus,
  type BackupType,
  type ServerBaseStatus,
  type ServerRecord,
  DAY_MS,
  MANUAL_BACKUP_LIMIT,
  OPERATING_SYSTEMS,
  PLANS,
  backupSizeMb,
  backupStatus,
  hostnameFor,
  ipAddressFor,
  isExpired,
  serverStatus,
} from "./model";
import { type SeedName, buildSeed } from "./seed";
import {
  type AccountJson,
  type BackupJson,
  type ServerJson,
  serializeAccount,
  serializeBackup,
  serializeServer,
} from "./serialize";

export const DEFAULT_PERMISSIONS: readonly string[] = [
  "backups:read",
  "backups:write",
  "servers:read",
  "servers:write",
  "account:read",
];

export interface SimulatorConfig {
  backupDurationMs: number;
  restoreDurationMs: number;
  pageSize: number;
  permissions: string[];
  /** The next n manual backups end `failed`. */
  failNextBackups: number;
}

export interface BackupFilter {
  serverId?: number;
  backupType?: BackupType;
}

export interface ServerFilter {
  status?: string;
  location?: string;
}

export interface RestoreJson {
  status: "success";
  message: string;
  server: { id: number; name: string; status: "restoring" };
}

export interface NewServerInput {
  name: string;
  status: ServerBaseStatus;
  location: string;
}

export interface NewAutomaticBackupInput {
  serverId: number;
  status: BackupStatus;
  description?: string;
  createdAtMs?: number;
  expiresAtMs?: number;
}

export const BACKUP_CREATED_MESSAGE =
  "Backup is being created. This may take several minutes depending on server size.";
const FAIL_MARKER = "[fail]";
const CONTROL_BACKUP_RETENTION_MS = 14 * DAY_MS;

export class SimulatorState {
  private readonly servers = new Map<number, ServerRecord>();
  private readonly backups = new Map<number, BackupRecord>();
  private account!: AccountRecord; // assigned by reset()
  private currentConfig!: SimulatorConfig; // assigned by reset()
  private nextBackupId = 1;
  /** Above every server id handed out so far: like VPS.org, a reset never hands an id out twice. */
  private lastServerId = 12344;
  private tokenLastUsedAtMs: number | null = null;

  constructor(
    private readonly seed: SeedName,
    private readonly defaultConfig: Readonly<SimulatorConfig>,
    private readonly clock: () => number,
  ) {
    this.reset();
  }

  /** Reseeds relative to now and restores the default config. */
  reset(): void {
    const now = this.now();
    const data = buildSeed(this.seed, now, this.defaultConfig.backupDurationMs);
    this.servers.clear();
    this.backups.clear();
    for (const server of data.servers) this.servers.set(server.id, server);
    for (const backup of data.backups) this.backups.set(backup.id, backup);
    // Ids keep growing across resets, as VPS.org's never repeat: a store that saw backup 401 or server
    // 12351 before a reset must not meet another one under that id after it.
    this.nextBackupId = Math.max(this.nextBackupId, Math.max(400, ...data.backups.map((b) => b.id)) + 1);
    this.lastServerId = Math.max(this.lastServerId, ...data.servers.map((server) => server.id));
    this.account = data.account;
    this.currentConfig = { ...this.defaultConfig, permissions: [...this.defaultConfig.permissions] };
    this.tokenLastUsedAtMs = null;
  }

  now(): number {
    return this.clock();
  }

  get config(): Readonly<SimulatorConfig> {
    return this.currentConfig;
  }

  /** Applies the fields of `patch` that are defined. */
  updateConfig(patch: Partial<SimulatorConfig>): Readonly<SimulatorConfig> {
    const c = this.currentConfig;
    this.currentConfig = {
      backupDurationMs: patch.backupDurationMs ?? c.backupDurationMs,
      restoreDurationMs: patch.restoreDurationMs ?? c.restoreDurationMs,
      pageSize: patch.pageSize ?? c.pageSize,
      permissions: [...(patch.permissions ?? c.permissions)],
      failNextBackups: patch.failNextBackups ?? c.failNextBackups,
    };
    return this.currentConfig;
  }

  hasPermission(permission: string): boolean {
    return this.currentConfig.permissions.includes(permission);
  }

  recordTokenUse(): void {
    this.tokenLastUsedAtMs = this.now();
  }

  // ---- backups ----

  /**
   * Unexpired backups, grouped by server then by id: deliberately not sorted by date.
   * Records, so that only the requested page gets serialized (see `backupJson`).
   */
  listBackups(filter: BackupFilter = {}): BackupRecord[] {
    const now = this.now();
    return [...this.backups.values()]
      .filter(
        (b) =>
          !isExpired(b, now) &&
          (filter.serverId === undefined || b.serverId === filter.serverId) &&
          (filter.backupType === undefined || b.backupType === filter.backupType),
      )
      .sort((a, b) => a.serverId - b.serverId || a.id - b.id);
  }

  backupJson(backup: BackupRecord): BackupJson {
    return this.serializeBackup(backup, this.now());
  }

  createManualBackup(serverId: number, description: string): BackupJson {
    const server = this.requireServer(serverId);
    const manualCount = [...this.backups.values()].filter(
      (b) => b.serverId === serverId && b.backupType === "manual",
    ).length;
    if (manualCount >= MANUAL_BACKUP_LIMIT) {
      throw nonFieldError(
        `Maximum of ${MANUAL_BACKUP_LIMIT} manual backups reached for this server. Delete an existing manual backup first.`,
      );
    }
    const fails = description.includes(FAIL_MARKER) || this.consumeFailNextBackup();
    const now = this.now();
    const id = this.nextBackupId++;
    const backup: BackupRecord = {
      id,
      serverId,
      backupType: "manual",
      description,
      createdAtMs: now,
      completesAtMs: now + this.currentConfig.backupDurationMs,
      outcome: fails ? "failed" : "completed",
      sizeMb: backupSizeMb(server.diskUsageMb, id),
      expiresAtMs: null,
    };
    this.backups.set(id, backup);
    return this.serializeBackup(backup, now);
  }

  deleteBackup(backupId: number): void {
    if (!this.findBackup(backupId)) throw notFound();
    this.backups.delete(backupId);
  }

  // ---- servers ----

  listServers(filter: ServerFilter = {}): ServerJson[] {
    const now = this.now();
    return [...this.servers.values()]
      .map((s) => serializeServer(s, now))
      .filter(
        (s) =>
          (filter.status === undefined || s.status === filter.status) &&
          (filter.location === undefined || s.location === filter.location),
      )
      .sort((a, b) => a.id - b.id);
  }

  requireServer(serverId: number): ServerRecord {
    const server = this.servers.get(serverId);
    if (!server) throw notFound("Server not found.");
    return server;
  }

  restoreServer(serverId: number, backupId: number): RestoreJson {
    const server = this.requireServer(serverId);
    const backup = this.findBackup(backupId);
    if (!backup) throw fieldError("backup_id", "Backup not found.");
    if (backup.serverId !== server.id) throw fieldError("backup_id", "Backup does not belong to this server.");
    const now = this.now();
    if (backupStatus(backup, now) !== "completed")
      throw nonFieldError("Backup is not completed and cannot be restored.");
    const status = serverStatus(server, now);
    if (status !== "active" && status !== "stopped")
      throw nonFieldError(`Server is not in a valid state for restore: ${status}.`);
    // The provider stops the server, restores the disk, then boots it: it ends `active`.
    server.status = "active";
    server.restoringUntilMs = now + this.currentConfig.restoreDurationMs;
    server.updatedAtMs = now;
    return {
      status: "success",
      message: `Server is being restored from backup ${backup.id}. This may take 5-15 minutes.`,
      server: { id: server.id, name: server.name, status: "restoring" },
    };
  }

  // ---- account ----

  accountMe(): AccountJson {
    return serializeAccount(this.account, this.currentConfig.permissions, this.tokenLastUsedAtMs);
  }

  // ---- control-only operations ----

  addServer(input: NewServerInput): ServerJson {
    const now = this.now();
    const id = Math.max(this.lastServerId, ...this.servers.keys()) + 1;
    this.lastServerId = id;
    const server: ServerRecord = {
      id,
      name: input.name,
      hostname: hostnameFor(input.name, id),
      status: input.status,
      ipAddress: ipAddressFor(id),
      location: input.location,
      plan: PLANS.standard,
      os: OPERATING_SYSTEMS.ubuntu,
      createdAtMs: now,
      updatedAtMs: now,
      restoringUntilMs: null,
      diskUsageMb: 3200,
    };
    this.servers.set(id, server);
    return serializeServer(server, now);
  }

  addAutomaticBackup(input: NewAutomaticBackupInput): BackupJson {
    const server = this.requireServer(input.serverId);
    const now = this.now();
    const createdAtMs = input.createdAtMs ?? now;
    const id = this.nextBackupId++;
    const backup: BackupRecord = {
      id,
      serverId: server.id,
      backupType: "automatic",
      description: input.description ?? "Automatic daily backup",
      createdAtMs,
      completesAtMs: input.status === "in_progress" ? now + this.currentConfig.backupDurationMs : createdAtMs,
      outcome: input.status === "failed" ? "failed" : "completed",
      sizeMb: backupSizeMb(server.diskUsageMb, id),
      expiresAtMs: input.expiresAtMs ?? createdAtMs + CONTROL_BACKUP_RETENTION_MS,
    };
    this.backups.set(id, backup);
    return this.serializeBackup(backup, now);
  }

  // ---- helpers ----

  /** A backup that still exists (expired automatic backups are gone). */
  private findBackup(backupId: number): BackupRecord | undefined {
    const backup = this.backups.get(backupId);
    return backup && !isExpired(backup, this.now()) ? backup : undefined;
  }

  private consumeFailNextBackup(): boolean {
    if (this.currentConfig.failNextBackups <= 0) return false;
    this.currentConfig.failNextBackups -= 1;
    return true;
  }

  private serializeBackup(backup: BackupRecord, nowMs: number): BackupJson {
    return serializeBackup(backup, this.requireServer(backup.serverId), nowMs);
  }
}

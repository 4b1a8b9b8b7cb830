import type { BackupDenials, DenialTranslator } from "@/lib/auth/denials";
import { roleCan, type Role } from "@/lib/auth/roles";

// What the pages decide on the server from the signed-in role (lib/auth/roles.ts), before anything
// is sent to the browser.

/** The reasons for what the role may not do on the backups page, in the language of `t` ("Denials"). */
export function backupDenialsOf(role: Role | null, t: DenialTranslator): BackupDenials {
  const reason = (action: keyof BackupDenials) => t(action, { youAre: t("youAre", { role: role ?? "unknown" }) });
  return {
    create: roleCan(role, { backup: ["create"] }) ? null : reason("create"),
    delete: roleCan(role, { backup: ["delete"] }) ? null : reason("delete"),
    restore: roleCan(role, { server: ["restore"] }) ? null : reason("restore"),
  };
}

export function canManageUsers(role: Role | null): boolean {
  return roleCan(role, { user: ["list", "create", "update"] });
}

export function canReadAudit(role: Role | null): boolean {
  return roleCan(role, { audit: ["list"] });
}

export function canManageNotifications(role: Role | null): boolean {
  return roleCan(role, { notification: ["list", "manage"] });
}

/** The server pages (/servers/{id}) show a server's backups and events: a role needs to list both. */
export function canListServers(role: Role | null): boolean {
  return roleCan(role, { server: ["list"], backup: ["list"] });
}

/** Operators and admins create, change and delete backup schedules (lib/schedules). */
export function canManageSchedules(role: Role | null): boolean {
  return roleCan(role, { schedule: ["manage"] });
}

/** Admins set the backup-health thresholds and turn a server's checks off (lib/backup-health). */
export function canConfigureHealth(role: Role | null): boolean {
  return roleCan(role, { health: ["configure"] });
}

/** Admins see and revoke everyone's API keys; everyone else their own (lib/api-keys). */
export function managesEveryonesApiKeys(role: Role | null): boolean {
  return roleCan(role, { api_key: ["manage"] });
}

import type { BackupDenials } from "@/lib/auth/denials";
import { roleCan, type Role } from "@/lib/auth/roles";

// What the pages decide on the server from the signed-in role (lib/auth/roles.ts), before anything
// is sent to the browser.

/** "you are a viewer", for the reasons given next to what a role may not do. */
export function youAre(role: Role | null): string {
  return role ? `you are ${/^[aeiou]/.test(role) ? "an" : "a"} ${role}` : "your role is not known to this version";
}

export function backupDenialsOf(role: Role | null): BackupDenials {
  return {
    create: roleCan(role, { backup: ["create"] })
      ? null
      : `Only operators and admins can create backups (${youAre(role)}).`,
    delete: roleCan(role, { backup: ["delete"] }) ? null : `Only admins can delete backups (${youAre(role)}).`,
    restore: roleCan(role, { server: ["restore"] }) ? null : `Only admins can restore a server (${youAre(role)}).`,
  };
}

export function canManageUsers(role: Role | null): boolean {
  return roleCan(role, { user: ["list", "create", "update"] });
}

export function canReadAudit(role: Role | null): boolean {
  return roleCan(role, { audit: ["list"] });
}

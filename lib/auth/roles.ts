import { createAccessControl } from "better-auth/plugins/access";
import { defaultStatements } from "better-auth/plugins/admin/access";
import * as z from "zod";
import { roleNames, type Role } from "@/lib/auth/role-names";

// The dashboard's three roles, defined with Better Auth's access-control helpers and handed to its
// admin plugin (lib/auth/server/auth.ts). The route wrapper (lib/api/route.ts) enforces them; the pages
// work out on the server what the signed-in role may not do (lib/auth/page-permissions.ts) and pass
// the reasons to the browser as text (this module pulls in zod, which the browser does not load).

export const statements = {
  // Better Auth's admin plugin checks `user` and `session` on its own endpoints.
  ...defaultStatements,
  backup: ["list", "create", "delete"],
  server: ["list", "restore"],
  audit: ["list", "export"],
  /** Backup health: everyone sees it; admins set the freshness policy (lib/backup-health). */
  health: ["list", "configure"],
  /** Notification channels and their delivery logs (lib/notifications): admins only. */
  notification: ["list", "manage"],
  /** Backup schedules and their retention (lib/schedules): everyone sees them; operators and admins manage them. */
  schedule: ["list", "manage"],
  /** Personal API keys (lib/api-keys): everyone makes their own; admins also see and revoke everyone's. */
  api_key: ["create", "manage"],
} as const;

export const accessControl = createAccessControl(statements);

// viewer: sees backups, servers and the audit log; operator: also creates backups; admin: also
// deletes, restores and manages users.
const viewer = accessControl.newRole({
  backup: ["list"],
  server: ["list"],
  audit: ["list", "export"],
  health: ["list"],
  schedule: ["list"],
  api_key: ["create"],
});

const operator = accessControl.newRole({
  backup: ["list", "create"],
  server: ["list"],
  audit: ["list", "export"],
  health: ["list"],
  schedule: ["list", "manage"],
  api_key: ["create"],
});

// No impersonation and no user deletion: the audit log must keep naming real people.
const admin = accessControl.newRole({
  backup: ["list", "create", "delete"],
  server: ["list", "restore"],
  audit: ["list", "export"],
  health: ["list", "configure"],
  notification: ["list", "manage"],
  schedule: ["list", "manage"],
  api_key: ["create", "manage"],
  user: ["create", "list", "get", "update", "set-role", "ban", "set-password"],
  session: ["list", "revoke"],
});

export const roles = { viewer, operator, admin } as const;

export const roleSchema = z.enum(roleNames);
export type { Role };

/** A user who signs in with single sign-on for the first time gets this role. */
export const DEFAULT_ROLE: Role = "viewer";

export type Permissions = { [K in keyof typeof statements]?: Array<(typeof statements)[K][number]> };

/** Whether a role (as stored: possibly unknown or missing) grants every listed permission. */
export function roleCan(role: string | null | undefined, permissions: Permissions): boolean {
  const parsed = roleSchema.safeParse(role);
  if (!parsed.success) return false;
  return roles[parsed.data].authorize(permissions).success;
}

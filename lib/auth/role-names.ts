// The dashboard's roles by name, lowest first: plain values the browser may import (lib/auth/roles.ts
// defines what each allows, with Better Auth's access control, on the server).

export const roleNames = ["viewer", "operator", "admin"] as const;
export type Role = (typeof roleNames)[number];

/** Passwords of users who sign in with email and password (Better Auth enforces the same bounds). */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

/** The "Roles" catalog key of a role's label: the role's name, or "none" for a role this version does not know. */
export function roleLabelKey(role: Role | null): Role | "none" {
  return role ?? "none";
}

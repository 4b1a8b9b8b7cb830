import { describe, expect, it } from "vitest";
import { backupDenialsOf, canManageUsers, canReadAudit } from "@/lib/auth/page-permissions";
import { roleCan } from "@/lib/auth/roles";

describe("the roles", () => {
  it("viewer: sees backups, servers and the audit log; operator: also creates; admin: also deletes, restores and manages users", () => {
    const matrix = (["viewer", "operator", "admin"] as const).map((role) => [
      role,
      roleCan(role, { backup: ["list"], server: ["list"], audit: ["list", "export"] }),
      roleCan(role, { backup: ["create"] }),
      roleCan(role, { backup: ["delete"] }),
      roleCan(role, { server: ["restore"] }),
      roleCan(role, { user: ["list", "create", "update"] }),
    ]);
    expect(matrix).toEqual([
      ["viewer", true, false, false, false, false],
      ["operator", true, true, false, false, false],
      ["admin", true, true, true, true, true],
    ]);
  });

  it("grant nothing to a role this version does not know", () => {
    expect(roleCan("owner", { backup: ["list"] })).toBe(false);
    expect(roleCan(null, { backup: ["list"] })).toBe(false);
    expect(canReadAudit(null)).toBe(false);
    expect(canManageUsers("operator")).toBe(false);
  });
});

describe("backupDenialsOf", () => {
  it("gives the reason for each action the role may not do, and null for the others", () => {
    expect(backupDenialsOf("admin")).toEqual({ create: null, delete: null, restore: null });
    expect(backupDenialsOf("operator")).toEqual({
      create: null,
      delete: "Only admins can delete backups (you are an operator).",
      restore: "Only admins can restore a server (you are an operator).",
    });
    expect(backupDenialsOf("viewer").create).toBe("Only operators and admins can create backups (you are a viewer).");
  });
});

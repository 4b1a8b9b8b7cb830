import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { backupDenialsOf, canManageUsers, canReadAudit } from "@/lib/auth/page-permissions";
import { roleCan } from "@/lib/auth/roles";
import en from "@/messages/en.json";
import vi from "@/messages/vi.json";

const english = createTranslator({ locale: "en", messages: en, namespace: "Denials" });
const vietnamese = createTranslator({ locale: "vi", messages: vi, namespace: "Denials" });

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
    expect(backupDenialsOf("admin", english)).toEqual({ create: null, delete: null, restore: null });
    expect(backupDenialsOf("operator", english)).toEqual({
      create: null,
      delete: "Only admins can delete backups (you are an operator).",
      restore: "Only admins can restore a server (you are an operator).",
    });
    expect(backupDenialsOf("viewer", english).create).toBe(
      "Only operators and admins can create backups (you are a viewer).",
    );
    expect(backupDenialsOf(null, english)).toEqual({
      create: "Only operators and admins can create backups (your role is not known to this version).",
      delete: "Only admins can delete backups (your role is not known to this version).",
      restore: "Only admins can restore a server (your role is not known to this version).",
    });
  });

  it("gives them in the page's language", () => {
    expect(backupDenialsOf("admin", vietnamese)).toEqual({ create: null, delete: null, restore: null });
    expect(backupDenialsOf("operator", vietnamese)).toEqual({
      create: null,
      delete: "Chỉ quản trị viên mới xoá được bản sao lưu (bạn là vận hành viên).",
      restore: "Chỉ quản trị viên mới khôi phục được máy chủ (bạn là vận hành viên).",
    });
    expect(backupDenialsOf("viewer", vietnamese).create).toBe(
      "Chỉ vận hành viên và quản trị viên mới tạo được bản sao lưu (bạn là người xem).",
    );
  });
});

import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import {
  describeFormError,
  hasErrors,
  validateCreateBackupForm,
  type CreateBackupFormError,
} from "@/lib/backups/client/create-backup-form";
import en from "@/messages/en.json";
import vi from "@/messages/vi.json";

const servers = new Map([
  [1, { name: "web-server-01", summary: { manualCount: 3, manualLimit: 10, quotaFull: false } }],
  [2, { name: "db-primary", summary: { manualCount: 10, manualLimit: 10, quotaFull: true } }],
]);

const english = createTranslator({ locale: "en", messages: en, namespace: "CreateBackup" });
const vietnamese = createTranslator({ locale: "vi", messages: vi, namespace: "CreateBackup" });
const inEnglish = (error: CreateBackupFormError | undefined) => error && describeFormError(english, error);
const inVietnamese = (error: CreateBackupFormError | undefined) => error && describeFormError(vietnamese, error);

describe("validateCreateBackupForm", () => {
  it("accepts a server with room and an optional description", () => {
    expect(validateCreateBackupForm({ serverId: "1", description: "" }, servers)).toEqual({});
    expect(hasErrors(validateCreateBackupForm({ serverId: "1", description: "x".repeat(255) }, servers))).toBe(false);
  });

  it("asks for a server", () => {
    for (const serverId of ["", "99"]) {
      const error = validateCreateBackupForm({ serverId, description: "" }, servers).serverId;
      expect(error).toEqual({ key: "errorChooseServer" });
      expect(inEnglish(error)).toBe("Choose the server to back up.");
      expect(inVietnamese(error)).toBe("Hãy chọn máy chủ cần sao lưu.");
    }
  });

  it("refuses a server whose manual quota is full, saying why", () => {
    const error = validateCreateBackupForm({ serverId: "2", description: "" }, servers).serverId;
    expect(error).toEqual({ key: "errorQuotaFull", values: { server: "db-primary", count: 10, limit: 10 } });
    expect(inEnglish(error)).toBe("db-primary already has 10 of 10 manual backups. Delete one of them first.");
    expect(inVietnamese(error)).toBe("db-primary đã có 10/10 bản sao lưu thủ công. Hãy xoá bớt một bản trước.");
  });

  it("refuses a description over 255 characters", () => {
    const errors = validateCreateBackupForm({ serverId: "1", description: "x".repeat(256) }, servers);
    expect(errors.description).toEqual({ key: "errorDescriptionTooLong", values: { length: 256, limit: 255 } });
    expect(inEnglish(errors.description)).toBe("The description is 256 characters long; the limit is 255.");
    expect(inVietnamese(errors.description)).toBe("Mô tả dài 256 ký tự; giới hạn là 255.");
    expect(hasErrors(errors)).toBe(true);
  });

  it("counts a long description without grouping its digits, as before", () => {
    const errors = validateCreateBackupForm({ serverId: "1", description: "x".repeat(1234) }, servers);
    expect(inEnglish(errors.description)).toBe("The description is 1234 characters long; the limit is 255.");
  });
});

import { describe, expect, it } from "vitest";
import { createTranslator } from "next-intl";
import { formatDateTime, formatExpiry, formatRelative, formatSize } from "@/lib/backups/format";
import en from "@/messages/en.json";
import vi from "@/messages/vi.json";

const tEn = createTranslator({ locale: "en", messages: en, namespace: "Format" });
const tVi = createTranslator({ locale: "vi", messages: vi, namespace: "Format" });

describe("formatSize", () => {
  it("keeps megabytes under 1000 MB", () => {
    expect(formatSize(812, "en-GB")).toBe("812 MB");
    expect(formatSize(0, "en-GB")).toBe("0 MB");
  });
  it("shows gigabytes with one decimal", () => {
    expect(formatSize(4523, "en-GB")).toBe("4.4 GB");
    expect(formatSize(4456, "en-GB")).toBe("4.4 GB");
    expect(formatSize(23_800, "en-GB")).toBe("23.2 GB");
  });
  it("shows terabytes past 1000 GB", () => {
    expect(formatSize(1_572_864, "en-GB")).toBe("1.5 TB");
  });
  it("follows the locale's decimal separator", () => {
    expect(formatSize(4523, "de-DE")).toBe("4,4 GB");
    expect(formatSize(4523, "vi")).toBe("4,4 GB");
  });
  it("shows a dash while the size is unknown", () => {
    expect(formatSize(null)).toBe("—");
  });
});

describe("formatDateTime", () => {
  it("is the exact time in 24-hour form in the given zone", () => {
    expect(formatDateTime("2026-11-26T03:00:00Z", "UTC")).toBe("2026-11-26 03:00");
    expect(formatDateTime("2026-11-26T15:45:00Z", "UTC")).toBe("2026-11-26 15:45");
    expect(formatDateTime("2026-11-26T23:30:00Z", "Asia/Tokyo")).toBe("2026-11-27 08:30");
  });
  it("keeps midnight as 00, not 24", () => {
    expect(formatDateTime("2026-11-26T00:05:00Z", "UTC")).toBe("2026-11-26 00:05");
  });
  it("shows an unreadable timestamp as it is", () => {
    expect(formatDateTime("yesterday", "UTC")).toBe("yesterday");
  });
});

describe("formatRelative", () => {
  const now = Date.parse("2026-11-27T03:00:00Z");
  it("says how long ago in the largest fitting unit", () => {
    expect(formatRelative("2026-11-26T03:00:00Z", now, "en-GB")).toBe("1 day ago");
    expect(formatRelative("2026-11-27T02:55:00Z", now, "en-GB")).toBe("5 minutes ago");
    expect(formatRelative("2026-11-27T00:00:00Z", now, "en-GB")).toBe("3 hours ago");
    expect(formatRelative("2026-11-27T02:59:30Z", now, "en-GB")).toBe("30 seconds ago");
    expect(formatRelative("2026-08-27T03:00:00Z", now, "en-GB")).toBe("3 months ago");
  });
  it("says how far ahead for future times", () => {
    expect(formatRelative("2026-12-09T03:00:00Z", now, "en-GB")).toBe("in 12 days");
  });
  it("speaks the given language", () => {
    expect(formatRelative("2026-11-27T00:00:00Z", now, "en")).toBe("3 hours ago");
    expect(formatRelative("2026-11-27T00:00:00Z", now, "vi")).toBe("3 giờ trước");
  });
});

describe("formatExpiry", () => {
  const now = Date.parse("2026-11-27T03:00:00Z");
  it("says never for a backup without expiry", () => {
    expect(formatExpiry(null, now, "en-GB", tEn)).toBe("never");
    expect(formatExpiry(null, now, "vi", tVi)).toBe("không bao giờ");
  });
  it("says when an automatic backup goes", () => {
    expect(formatExpiry("2026-12-09T03:00:00Z", now, "en-GB", tEn)).toBe("in 12 days");
    expect(formatExpiry("2026-12-09T03:00:00Z", now, "vi", tVi)).toBe("sau 12 ngày nữa");
  });
});

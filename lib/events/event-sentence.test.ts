import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { describeEvent as describeEventIn, eventTone } from "@/lib/events/event-sentence";
import type { EventEntry } from "@/lib/events/schemas";
import en from "@/messages/en.json";
import vi from "@/messages/vi.json";

const tEn = createTranslator({ locale: "en", messages: en, namespace: "Activity" });
const tVi = createTranslator({ locale: "vi", messages: vi, namespace: "Activity" });
/** The sentence in English, through the catalog's messages (the locale for numbers as given). */
const describeEvent = (entry: EventEntry, locale?: string) => describeEventIn(entry, tEn, locale);

const web1 = { id: 12345, name: "web-1" };

function event(kind: string, fields: Partial<EventEntry> = {}): EventEntry {
  return {
    id: 1,
    at: "2026-12-02T10:00:00.000Z",
    kind,
    server: web1,
    backup_id: null,
    actor_email: null,
    detail: {},
    ...fields,
  };
}

const backup = (kind: string, detail: EventEntry["detail"] = {}, fields: Partial<EventEntry> = {}) =>
  event(kind, { backup_id: 123, detail: { backup_type: "manual", description: "nightly", ...detail }, ...fields });

describe("describeEvent", () => {
  it("names a backup by id, description and server, and says what happened to it", () => {
    expect(describeEvent(backup("backup.started", { from: null, to: "in_progress", size_mb: null }))).toBe(
      'Backup #123 "nightly" on web-1 started',
    );
    expect(describeEvent(backup("backup.failed", { from: "in_progress", to: "failed" }))).toBe(
      'Backup #123 "nightly" on web-1 failed',
    );
    expect(describeEvent(backup("backup.expired", { expires_at: "2026-12-01T00:00:00Z" }))).toBe(
      'Backup #123 "nightly" on web-1 expired',
    );
  });

  it("gives a completed backup's size in human units, in the viewer's locale", () => {
    const completed = backup("backup.completed", { from: "in_progress", to: "completed", size_mb: 2355 });
    expect(describeEvent(completed, "en-GB")).toBe('Backup #123 "nightly" on web-1 completed, 2.3 GB');
    expect(describeEvent(completed, "de-DE")).toBe('Backup #123 "nightly" on web-1 completed, 2,3 GB');
    expect(describeEvent(backup("backup.completed", { size_mb: null }))).toBe(
      'Backup #123 "nightly" on web-1 completed',
    );
  });

  it("leaves out an empty description and says when a backup is automatic", () => {
    expect(describeEvent(backup("backup.started", { description: "" }))).toBe("Backup #123 on web-1 started");
    expect(describeEvent(backup("backup.started", { backup_type: "automatic", description: "  " }))).toBe(
      "Automatic backup #123 on web-1 started",
    );
  });

  it("says who did it when the dashboard did it", () => {
    expect(describeEvent(backup("backup.started", {}, { actor_email: "lan@example.com" }))).toBe(
      'Backup #123 "nightly" on web-1 started — by lan@example.com',
    );
    expect(
      describeEvent(event("server.restoring", { actor_email: "lan@example.com", detail: { backup_id: 12 } })),
    ).toBe("web-1 restoring from backup #12 — by lan@example.com");
  });

  it("tells a deletion through the dashboard from one made elsewhere", () => {
    expect(describeEvent(backup("backup.deleted", { by: "dashboard" }, { actor_email: "lan@example.com" }))).toBe(
      'Backup #123 "nightly" on web-1 deleted — by lan@example.com',
    );
    expect(describeEvent(backup("backup.deleted", { by: "elsewhere" }))).toBe(
      'Backup #123 "nightly" on web-1 deleted outside the dashboard',
    );
  });

  it("says a status change in words, keeping statuses the provider invents as they are", () => {
    expect(describeEvent(backup("backup.status_changed", { from: "in_progress", to: "verifying" }))).toBe(
      'Backup #123 "nightly" on web-1 went from in progress to verifying',
    );
    expect(describeEvent(event("server.status_changed", { detail: { from: "active", to: "stopped" } }))).toBe(
      "web-1 went from active to stopped",
    );
  });

  it("tells the servers' changes", () => {
    expect(describeEvent(event("server.added", { detail: { status: "active" } }))).toBe("Server web-1 added (active)");
    expect(describeEvent(event("server.removed"))).toBe("Server web-1 removed");
    expect(describeEvent(event("server.restoring", { detail: { from: "active", to: "restoring" } }))).toBe(
      "web-1 restoring",
    );
    expect(describeEvent(event("server.restored", { detail: { from: "restoring", to: "active" } }))).toBe(
      "web-1 restored",
    );
    expect(describeEvent(event("server.restored", { detail: { from: "restoring", to: "stopped" } }))).toBe(
      "web-1 restored, now stopped",
    );
  });

  it("shows a provider's text as it is, markup included (the panel renders text, not HTML)", () => {
    expect(describeEvent(backup("backup.started", { description: "<b>перед обновлением</b>" }))).toBe(
      'Backup #123 "<b>перед обновлением</b>" on web-1 started',
    );
  });

  it("says a kind it does not know as it is, with its server", () => {
    expect(describeEvent(event("server.renamed"))).toBe("server.renamed on web-1");
    expect(describeEvent(event("account.changed", { server: null }))).toBe("account.changed");
  });

  it("speaks Vietnamese with the Vietnamese catalog", () => {
    const completed = backup("backup.completed", { size_mb: 2355 }, { actor_email: "lan@example.com" });
    expect(describeEventIn(completed, tVi, "vi")).toBe(
      "Bản sao lưu #123 “nightly” của web-1 đã hoàn tất, 2,3 GB — do lan@example.com thực hiện",
    );
    expect(describeEventIn(backup("backup.started", { backup_type: "automatic", description: "" }), tVi, "vi")).toBe(
      "Bản sao lưu tự động #123 của web-1 bắt đầu được tạo",
    );
    expect(describeEventIn(backup("backup.status_changed", { from: "in_progress", to: "verifying" }), tVi, "vi")).toBe(
      "Bản sao lưu #123 “nightly” của web-1 chuyển từ đang tạo sang verifying",
    );
    expect(describeEventIn(event("server.restored", { detail: { to: "stopped" } }), tVi, "vi")).toBe(
      "web-1 đã khôi phục xong, hiện đã dừng",
    );
    expect(describeEventIn(event("server.restoring", { detail: { backup_id: 12 } }), tVi, "vi")).toBe(
      "web-1 đang khôi phục từ bản sao lưu #12",
    );
    expect(describeEventIn(event("server.added", { detail: { status: "active" } }), tVi, "vi")).toBe(
      "Đã thêm máy chủ web-1 (đang hoạt động)",
    );
  });

  it("marks failures and completions apart from the rest", () => {
    expect(eventTone("backup.failed")).toBe("failure");
    expect(eventTone("backup.completed")).toBe("success");
    expect(eventTone("server.restored")).toBe("success");
    expect(eventTone("backup.started")).toBe("neutral");
  });
});

import { describe, expect, it } from "vitest";
import { confirmsPhrase, pickedAfter } from "@/lib/backups/bulk-delete";

describe("the bulk delete's phrase", () => {
  it("takes the phrase whatever the case and the spaces around its words", () => {
    expect(confirmsPhrase("delete 4 backups", "delete 4 backups")).toBe(true);
    expect(confirmsPhrase("  Delete  4 BACKUPS ", "delete 4 backups")).toBe(true);
  });

  it("refuses another count, a missing word, or nothing", () => {
    expect(confirmsPhrase("delete 3 backups", "delete 4 backups")).toBe(false);
    expect(confirmsPhrase("delete 4", "delete 4 backups")).toBe(false);
    expect(confirmsPhrase("delete 4 backups now", "delete 4 backups")).toBe(false);
    expect(confirmsPhrase("", "delete 4 backups")).toBe(false);
    expect(confirmsPhrase("   ", "delete 4 backups")).toBe(false);
  });

  it("takes Vietnamese composed or decomposed, with the tone mark on either vowel, but not another tone", () => {
    const phrase = "xoá 4 bản sao lưu";
    expect(confirmsPhrase("xóa 4 bản sao lưu", phrase)).toBe(true);
    expect(confirmsPhrase("xoá 4 bản sao lưu".normalize("NFD"), phrase)).toBe(true);
    expect(confirmsPhrase("Xoá 4 Bản Sao Lưu", phrase)).toBe(true);
    expect(confirmsPhrase("xoà 4 bản sao lưu", phrase)).toBe(false);
    expect(confirmsPhrase("xoa 4 ban sao luu", phrase)).toBe(false);
    expect(confirmsPhrase("xoá 4 bản sao luu", phrase)).toBe(false);
  });
});

describe("the selection after a bulk delete", () => {
  it("lets the deleted go and keeps the others with their reasons", () => {
    const picked = new Map<number, string | null>([
      [1, null],
      [2, null],
      [3, null],
      [9, null],
    ]);
    const after = pickedAfter(
      picked,
      [
        { backup_id: 1, outcome: "deleted" },
        { backup_id: 2, outcome: "refused", code: "backup_protected", message: "protected" },
        { backup_id: 3, outcome: "failed", code: "not_found", message: "gone" },
      ],
      (item) => `why: ${item.message}`,
    );
    expect([...after]).toEqual([
      [2, "why: protected"],
      [3, "why: gone"],
      [9, null],
    ]);
  });
});

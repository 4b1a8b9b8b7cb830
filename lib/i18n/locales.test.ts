import { describe, expect, it } from "vitest";
import { localeFromAcceptLanguage } from "@/lib/i18n/locales";

describe("localeFromAcceptLanguage", () => {
  it.each([
    ["vi", "vi"],
    ["vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7", "vi"],
    ["en-US,en;q=0.9,vi;q=0.8", "en"],
    ["fr-FR,fr;q=0.9,vi;q=0.5,en;q=0.4", "vi"],
    ["en;q=0.5, vi;q=0.9", "vi"],
    ["VI-vn", "vi"],
    ["de, *;q=0.1", null],
    ["vi;q=0, en", "en"],
    ["", null],
    [null, null],
    ["zh-Hant-TW;q=1.0", null],
  ])("%s → %s", (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale);
  });
});

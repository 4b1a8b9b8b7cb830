import { describe, expect, it } from "vitest";
import { safeReturnPath } from "@/lib/auth/return-path";

describe("safeReturnPath", () => {
  it("keeps a path of this site and refuses anything that leaves it", () => {
    expect(safeReturnPath("/audit?action=backup.create")).toBe("/audit?action=backup.create");
    for (const next of [
      "//evil.example/x",
      "/\\evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "audit",
      undefined,
      ["/a", "/b"],
    ]) {
      expect(safeReturnPath(next)).toBe("/");
    }
  });

  it.each([
    "/audit",
    "/",
    "/admin/users",
    "/?server_id=12&backup_type=manual&q=db",
    "/audit?actor=ada%40example.com&from=2030-01-01",
    "/audit#entries",
    "/a/b//c",
    "/@evil.example",
    "/%E3%83%90%E3%83%83%E3%82%AF%E3%82%A2%E3%83%83%E3%83%97",
  ])("keeps %j as it is", (next) => {
    expect(safeReturnPath(next)).toBe(next);
  });

  it("answers the URL parser's own, ASCII serialisation", () => {
    expect(safeReturnPath("/a/./b/../c")).toBe("/a/c");
    expect(safeReturnPath("/バックアップ")).toBe("/%E3%83%90%E3%83%83%E3%82%AF%E3%82%A2%E3%83%83%E3%83%97");
    expect(safeReturnPath('/audit?q="x"')).toBe("/audit?q=%22x%22");
  });

  const hostile: Array<[string, unknown]> = [
    ["scheme-relative", "//x"],
    ["scheme-relative with a path", "//evil.example/sign-in"],
    ["three slashes", "///evil.example"],
    ["backslash", "/\\x"],
    ["backslash first", "\\\\evil.example"],
    ["backslash second, encoded", "/%5Cevil.example"],
    ["tab", "/\t/evil.example"],
    ["tab alone", "\t"],
    ["encoded tab", "/%09/evil.example"],
    ["CR LF", "/\r\n/evil.example"],
    ["bare CR LF", "\r\n"],
    ["LF", "/\n/evil.example"],
    ["encoded CR LF", "/%0D%0A/evil.example"],
    ["header injection", "/\r\nSet-Cookie: a=b"],
    ["NUL", "/\u0000/evil.example"],
    ["encoded NUL", "/%00"],
    ["DEL", "/\u007f/evil.example"],
    ["C1 control", "/\u0085/evil.example"],
    ["space first", " //evil.example"],
    ["space second", "/ /evil.example"],
    ["no-break space", "/\u00a0/evil.example"],
    ["ideographic space", "/\u3000/evil.example"],
    ["zero-width space", "/\u200b/evil.example"],
    ["byte order mark", "/\ufeff/evil.example"],
    ["absolute https", "https://evil"],
    ["absolute http to the dashboard's own placeholder", "http://dashboard.invalid/audit"],
    ["scheme without slashes", "https:evil.example"],
    ["javascript", "javascript:alert(document.cookie)"],
    ["javascript, upper case", "JaVaScRiPt:alert(1)"],
    ["data", "data:text/html,<script>alert(1)</script>"],
    ["encoded slashes", "/%2F%2Fx"],
    ["encoded slashes, lower case", "/%2f%2fevil.example"],
    ["one encoded slash", "/%2Fevil.example"],
    ["double-encoded slashes", "/%252F%252Fevil.example"],
    ["many times encoded", "/%25252525252F%25252525252Fevil.example"],
    ["malformed encoding", "/%E0%A4%A"],
    ["lone percent", "/%"],
    ["dot segment to //", "/.//evil.example"],
    ["dot-dot segment to //", "/..//evil.example"],
    ["dot segments", "/a/../..//evil.example"],
    ["full-width solidus", "/\uff0fevil.example"],
    ["full-width solidi", "\uff0f\uff0fevil.example"],
    ["full-width reverse solidus", "/\uff3cevil.example"],
    ["encoded full-width solidus", "/%EF%BC%8Fevil.example"],
    ["empty", ""],
    ["relative", "audit"],
    ["question mark only", "?next=//evil"],
    ["hash only", "#x"],
    ["too long", `/${"a".repeat(3000)}`],
    ["a number", 42],
    ["null", null],
    ["an object", { toString: () => "/audit" }],
  ];

  it.each(hostile)("refuses %s (%j)", (_name, next) => {
    expect(safeReturnPath(next)).toBe("/");
  });

  it("never answers something that leaves the site or is not a valid Location, whatever it is given", () => {
    const pieces = [
      "/",
      "\\",
      "\t",
      "\n",
      "\r",
      "%2F",
      "%5C",
      "%09",
      "%00",
      "\uff0f",
      ".",
      "..",
      "@",
      ":",
      "evil",
      "?",
      "#",
    ];
    // Every sequence of up to four pieces behind a leading slash.
    const sequences: string[][] = [[]];
    for (let length = 1; length <= 4; length++)
      for (const sequence of sequences.filter((s) => s.length === length - 1))
        for (const piece of pieces) sequences.push([...sequence, piece]);
    for (const sequence of sequences) {
      const next = `/${sequence.join("")}`;
      const answer = safeReturnPath(next);
      expect(answer, next).toMatch(/^\/(?![/\\])/);
      expect(answer, next).toMatch(/^[\x21-\x7e]*$/);
      expect(new URL(answer, "https://dashboard.example").origin, next).toBe("https://dashboard.example");
      expect(decodeURIComponent(answer.split(/[?#]/)[0]!), next).not.toMatch(/^\/[/\\]/);
    }
  }, 60_000); // exhaustive over short sequences: seconds on a busy machine, so not bound to the 5 s default

  it("resolves against the origin it is given (the browser's own)", () => {
    expect(safeReturnPath("/audit", "https://backups.example.com")).toBe("/audit");
    expect(safeReturnPath("//backups.example.com/audit", "https://backups.example.com")).toBe("/");
  });
});

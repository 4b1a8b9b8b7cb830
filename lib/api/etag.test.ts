import { describe, expect, it } from "vitest";
import { ifNoneMatchHas, strongETag } from "@/lib/api/etag";

describe("ETag", () => {
  it("is a strong, quoted hash of the exact body", () => {
    const tag = strongETag('{"count":0,"results":[]}');
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(strongETag('{"count":0,"results":[]}')).toBe(tag);
    expect(strongETag('{"count":0,"results":[] }')).not.toBe(tag);
  });
});

describe("If-None-Match", () => {
  const tag = strongETag("body");

  it("matches the same tag, alone or in a list, and *", () => {
    expect(ifNoneMatchHas(tag, tag)).toBe(true);
    expect(ifNoneMatchHas(`"other", ${tag}`, tag)).toBe(true);
    expect(ifNoneMatchHas("*", tag)).toBe(true);
  });

  it("compares weakly, as RFC 9110 asks of If-None-Match", () => {
    expect(ifNoneMatchHas(`W/${tag}`, tag)).toBe(true);
  });

  it("does not match another tag, an unquoted tag or no header", () => {
    expect(ifNoneMatchHas(strongETag("other body"), tag)).toBe(false);
    expect(ifNoneMatchHas(tag.slice(1, -1), tag)).toBe(false);
    expect(ifNoneMatchHas(null, tag)).toBe(false);
    expect(ifNoneMatchHas("", tag)).toBe(false);
  });
});

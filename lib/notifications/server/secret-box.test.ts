import { describe, expect, it } from "vitest";
import { openSecret, sealSecret } from "@/lib/notifications/server/secret-box";

describe("channel secrets at rest", () => {
  const key = "a-better-auth-secret-of-32-characters-at-least";

  it("open with the same key and row, and hold nothing readable", () => {
    const sealed = sealSecret(key, "whsec_abc", "channel:1");
    expect(sealed).not.toContain("whsec_abc");
    expect(openSecret(key, sealed, "channel:1")).toBe("whsec_abc");
    expect(sealSecret(key, "whsec_abc", "channel:1")).not.toBe(sealed);
  });

  it("do not open with another key or on another row", () => {
    const sealed = sealSecret(key, "whsec_abc", "channel:1");
    expect(() => openSecret(`${key}x`, sealed, "channel:1")).toThrow();
    expect(() => openSecret(key, sealed, "channel:2")).toThrow();
  });
});

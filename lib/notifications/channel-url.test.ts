import { describe, expect, it } from "vitest";
import { channelUrlSchema } from "@/lib/notifications/channel-url";

describe("a channel's URL", () => {
  const anywhere = channelUrlSchema({ httpsOnly: false });
  const production = channelUrlSchema({ httpsOnly: true });

  it("is http(s) only", () => {
    expect(anywhere.safeParse("https://hooks.example.com/x").success).toBe(true);
    expect(anywhere.safeParse("http://127.0.0.1:8080/hook").success).toBe(true);
    for (const bad of ["ftp://example.com/x", "javascript:alert(1)", "file:///etc/passwd", "not a url", ""])
      expect(anywhere.safeParse(bad).success, bad).toBe(false);
  });

  it("holds no user name or password", () => {
    const result = anywhere.safeParse("https://user:secret@hooks.example.com/x");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("must not hold a user name or password");
  });

  it("is https only in production unless plain http is allowed", () => {
    expect(production.safeParse("https://hooks.example.com/x").success).toBe(true);
    const result = production.safeParse("http://hooks.example.com/x");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("NOTIFY_ALLOW_HTTP");
  });
});

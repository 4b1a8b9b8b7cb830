import { describe, expect, it } from "vitest";
import { formatDuration, formatTimeTick } from "@/lib/servers/history-format";

describe("formatDuration", () => {
  it("uses the largest fitting unit, in the viewer's language", () => {
    expect(formatDuration(45, "en")).toBe("45 sec");
    expect(formatDuration(210, "en")).toBe("3.5 min");
    expect(formatDuration(1500, "en")).toBe("25 min");
    expect(formatDuration(5400, "en")).toBe("1.5 hr");
    expect(formatDuration(210, "vi")).toBe("3,5 phút");
  });

  it("says nothing it does not know", () => {
    expect(formatDuration(null, "en")).toBe("—");
  });
});

describe("formatTimeTick", () => {
  const time = Date.parse("2026-12-02T15:30:00Z");

  it("gives the day for long spans and the 24-hour time for short ones", () => {
    expect(formatTimeTick(time, 90 * 86_400_000, "en", "UTC")).toBe("Dec 2");
    expect(formatTimeTick(time, 86_400_000, "en", "UTC")).toBe("Dec 2, 15:30");
  });

  it("is in the viewer's language and time zone", () => {
    expect(formatTimeTick(time, 90 * 86_400_000, "vi", "Asia/Ho_Chi_Minh")).toBe("2 thg 12");
    expect(formatTimeTick(time, 86_400_000, "vi", "Asia/Ho_Chi_Minh")).toMatch(/22:30/);
  });
});

import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { renderNotification, type StoredNotification } from "@/lib/notifications/server/render";
import { emailContent, signedHeaders, slackPayload, webhookPayload } from "@/lib/notifications/server/senders";

// Webhooks are signed as the Standard Webhooks specification says, checked with its own library
// against the specification's test vector; each channel's message says what, where, when, and links back.

const VECTOR = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  payload: '{"test": 2432232314}',
  // The value the specification and every implementation give (HMAC-SHA256 checked by hand too);
  // the issue quoted it with a typo in its second half (…/tG2I4mB0CAWrPbpUF6QQrbd2AE=).
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

const failed: StoredNotification = {
  id: "msg_abc",
  kind: "backup.failed",
  at: "2026-12-05T10:04:00.000Z",
  serverId: 12,
  serverName: "web-1",
  backupId: 345,
  detail: { description: "nightly" },
  path: "/servers/12",
};

describe("webhook signatures", () => {
  it("match the specification's test vector", () => {
    const headers = signedHeaders(VECTOR.secret, VECTOR.id, new Date(VECTOR.timestamp * 1000), VECTOR.payload);
    expect(headers).toEqual({
      "webhook-id": VECTOR.id,
      "webhook-timestamp": String(VECTOR.timestamp),
      "webhook-signature": VECTOR.signature,
    });
  });

  it("verify with the standardwebhooks library, and fail on a changed body", () => {
    const body = JSON.stringify(webhookPayload(failed, renderNotification(failed, "en", "https://dash.example")));
    const headers = signedHeaders(VECTOR.secret, failed.id, new Date(), body);
    expect(new Webhook(VECTOR.secret).verify(body, headers)).toMatchObject({ type: "backup.failed", id: "msg_abc" });
    expect(() => new Webhook(VECTOR.secret).verify(body.replace("web-1", "web-2"), headers)).toThrow();
  });

  it("use the seconds of the attempt, which the receiver checks for freshness", () => {
    const headers = signedHeaders(VECTOR.secret, "msg_x", new Date(1_700_000_000_999), "{}");
    expect(headers["webhook-timestamp"]).toBe("1700000000");
  });
});

describe("messages", () => {
  it("say what happened, to which server and backup, when, with the link back", () => {
    const message = renderNotification(failed, "en", "https://dash.example/");
    expect(message.title).toBe("Backup #345 of web-1 failed");
    expect(message.facts).toEqual([
      { label: "Server", value: "web-1" },
      { label: "Backup", value: "#345" },
      { label: "When", value: "2026-12-05 10:04 UTC" },
    ]);
    expect(message.link).toBe("https://dash.example/servers/12");
    const email = emailContent(message);
    expect(email.subject).toBe("[VPS.org backups] Backup #345 of web-1 failed");
    expect(email.text).toContain("https://dash.example/servers/12");
    expect(email.html).toContain('<a href="https://dash.example/servers/12">');
    const slack = slackPayload(message) as { text: string; blocks: { type: string }[] };
    expect(slack.text).toBe(message.title);
    expect(slack.blocks.map((block) => block.type)).toEqual(["header", "section", "section", "actions"]);
  });

  it("are in the channel's language", () => {
    expect(renderNotification(failed, "vi", "https://dash.example").title).toBe("Bản sao lưu #345 của web-1 thất bại");
  });

  it("render the kinds another part of the dashboard enqueues", () => {
    const base = { ...failed, backupId: null };
    expect(
      renderNotification(
        {
          ...base,
          kind: "server.late",
          detail: { latest_completed_at: "2026-12-04T01:00:00Z", late_after_hours: 26, reminder: true },
        },
        "en",
        "https://d",
      ),
    ).toMatchObject({
      title: "Reminder: web-1 has no completed backup in the last 26 hours",
      lines: ["Latest completed backup: 2026-12-04 01:00 UTC"],
    });
    expect(
      renderNotification({ ...base, kind: "server.never", detail: { reminder: false } }, "en", "https://d").title,
    ).toBe("web-1 has never been backed up");
    const report = renderNotification(
      {
        ...base,
        serverId: null,
        serverName: null,
        kind: "health.report",
        detail: {
          servers: [
            { id: 1, name: "a", state: "late", latest_completed_at: "2026-12-01T00:00:00Z" },
            { id: 2, name: "b", state: "never", latest_completed_at: null },
          ],
        },
      },
      "en",
      "https://d",
    );
    expect(report.title).toBe("2 servers need a backup");
    expect(report.lines).toEqual(["a: late, latest completed backup 2026-12-01 00:00 UTC", "b: never backed up"]);
  });
});

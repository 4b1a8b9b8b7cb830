import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, startApp, type AppProcess } from "./app-process";
import {
  addFault,
  apiAs,
  clearFaults,
  control,
  cookieFrom,
  eventually,
  expectError,
  jsonRequest,
  provider,
  providerEnv,
  signIn,
  WATCHED_ENV,
} from "./helpers";

// Issue "Backup health, history charts and notifications" §3, over real parts: two production servers
// of the dashboard on one store, both running the delivery loop, the simulator over HTTP, a webhook
// receiver (node:http) and an SMTP server (smtp-server, STARTTLS with its own certificate). A backup
// that fails at the simulator reaches the receiver and the mailbox exactly once each, signed; a
// receiver answering 500 gets retries with the same webhook-id until it takes the message.

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

const received: Received[] = [];
const mails: { from: string; to: string[]; raw: string }[] = [];
let failNext = 0;
let receiver: Server;
let smtp: SMTPServer;
const apps: AppProcess[] = [];
let cookie: string;
let channelId: string;
let secret: string;
/** A server already late when the dashboard starts: the first report must name it. */
let alreadyLate: { id: number; name: string };

const listen = (server: { listen: (port: number, host: string, cb: () => void) => unknown }) =>
  new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      received.push({ headers: request.headers, body });
      if (failNext > 0) {
        failNext--;
        response.writeHead(500).end("receiver is down");
      } else response.writeHead(204).end();
    });
  });
  await listen(receiver);
  smtp = new SMTPServer({
    authOptional: false,
    onAuth(auth, _session, callback) {
      if (auth.username === "mailer" && auth.password === "mail-pass") callback(null, { user: "mailer" });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      stream.on("end", () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const env = {
    ...providerEnv(),
    ...WATCHED_ENV,
    NOTIFY_ALLOW_HTTP: "1",
    // VPS.org down for a minute (the shortest this can be set to) is told; a poll fails at once.
    NOTIFY_PROVIDER_DOWN_MINUTES: "1",
    VPSORG_RETRY_MAX_ATTEMPTS: "1",
    VPSORG_BREAKER_COOLDOWN_MS: "500",
    NOTIFY_RETRY_BASE_MS: "300",
    NOTIFY_TIMEOUT_MS: "3000",
    // The test server's certificate is its own: STARTTLS without checking it.
    SMTP_URL: `smtp://mailer:mail-pass@127.0.0.1:${smtpPort}?tls.rejectUnauthorized=false`,
    NOTIFY_EMAIL_FROM: "dashboard@integration.test",
    NOTIFY_EMAIL_TO: "ops@integration.test",
  };
  alreadyLate = (await control("servers", { name: `notify-late-${randomBytes(3).toString("hex")}` })) as {
    id: number;
    name: string;
  };
  await control("automatic-backups", {
    server_id: alreadyLate.id,
    created_at: new Date(Date.now() - 40 * 3_600_000).toISOString(),
  });
  apps.push(await startApp(env));
  // As a deployment runs them: one public address (the links in messages), whichever instance sends.
  apps.push(await startApp({ ...env, DATABASE_URL: apps[0]!.databaseUrl, BETTER_AUTH_URL: apps[0]!.url }));
  const signedIn = await signIn(ADMIN.email, ADMIN.password, { base: apps[0]!.url });
  expect(signedIn.status).toBe(200);
  cookie = cookieFrom(signedIn);
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const created = await apiAs(
    { cookie },
    "/api/notification-channels",
    jsonRequest("POST", { kind: "webhook", name: "receiver", url, locale: "en" }),
    apps[0]!.url,
  );
  expect(created.status, created.text).toBe(201);
  ({ secret } = created.body as { secret: string });
  channelId = (created.body as { channel: { id: string } }).channel.id;
  expect(secret).toMatch(/^whsec_/);
}, 150_000);

afterAll(async () => {
  // The second first: the first's fresh store is removed when it stops.
  for (const app of apps.reverse()) await app.stop();
  await new Promise((resolve) => receiver?.close(resolve));
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

const verified = (message: Received) =>
  new Webhook(secret).verify(message.body, {
    "webhook-id": String(message.headers["webhook-id"]),
    "webhook-timestamp": String(message.headers["webhook-timestamp"]),
    "webhook-signature": String(message.headers["webhook-signature"]),
  }) as { type: string; id: string; data: { backup_id: number | null; url: string; summary: string } };

describe("notifications", () => {
  it("lists the stored channel and the environment's email channel, without any secret", async () => {
    const list = await apiAs({ cookie }, "/api/notification-channels", {}, apps[0]!.url);
    expect(list.status).toBe(200);
    expect(list.text).not.toContain("whsec_");
    expect(list.text).not.toContain("mail-pass");
    expect(list.body).toMatchObject({
      emailAvailable: true,
      results: [
        { id: "env:email", kind: "email", target: "ops@integration.test", fromEnvironment: true },
        { id: channelId, kind: "webhook", name: "receiver", fromEnvironment: false, paused: false },
      ],
    });
  });

  it("refuses bad input with 400 naming the field, storing nothing", async () => {
    for (const [body, field] of [
      [{ kind: "webhook", name: "x", url: "ftp://example.com/x" }, "url"],
      [{ kind: "webhook", name: "x", url: "https://user:pw@example.com/x" }, "url"],
      [{ kind: "slack", name: "", url: "https://hooks.slack.com/services/x" }, "name"],
      [{ kind: "email", name: "x", to: "not an email" }, "to"],
      [{ kind: "pager", name: "x" }, "kind"],
    ] as const) {
      const result = await apiAs({ cookie }, "/api/notification-channels", jsonRequest("POST", body), apps[0]!.url);
      const error = expectError(result, "invalid_input", 400);
      expect(Object.keys((result.body as { error: { fields?: object } }).error.fields ?? {}), error.message).toContain(
        field,
      );
    }
    const list = await apiAs({ cookie }, "/api/notification-channels", {}, apps[0]!.url);
    expect((list.body as { results: unknown[] }).results).toHaveLength(2);
  });

  it("tells the receiver and the mailbox exactly once, signed, when a backup fails", async () => {
    const server = (await control("servers", { name: `notify-${randomBytes(3).toString("hex")}` })) as {
      id: number;
      name: string;
    };
    await control("config", { fail_next_backups: 1 });
    const created = await provider("/backups/", {
      method: "POST",
      body: JSON.stringify({ server_id: server.id, description: "made to fail" }),
    });
    expect(created.status).toBeLessThan(300);
    const { id: backupId } = (await created.json()) as { id: number };
    const isThisFailure = (message: Received) => {
      const payload = JSON.parse(message.body) as { type: string; data: { backup_id: number } };
      return payload.type === "backup.failed" && payload.data.backup_id === backupId;
    };
    const message = await eventually("the webhook", async () => received.find(isThisFailure), 30_000);
    const payload = verified(message);
    expect(payload).toMatchObject({ type: "backup.failed", data: { backup_id: backupId } });
    expect(payload.id).toBe(message.headers["webhook-id"]);
    expect(payload.data.url).toBe(`${apps[0]!.url}/servers/${server.id}`);
    expect(payload.data.summary).toBe(`Backup #${backupId} of ${server.name} failed`);
    const mail = await eventually(
      "the email",
      async () => mails.find((m) => m.raw.includes(`Backup #${backupId} of ${server.name} failed`)),
      30_000,
    );
    expect(mail.to).toEqual(["ops@integration.test"]);
    expect(mail.raw).toContain(`${apps[0]!.url}/servers/${server.id}`);
    // Both instances run the loop and both would see the event: still once each.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(received.filter(isThisFailure)).toHaveLength(1);
    expect(mails.filter((m) => m.raw.includes(`Backup #${backupId} of`))).toHaveLength(1);
  });

  it("reports the servers already late or never backed up once, in one message, at the first start with a channel", async () => {
    // The environment's mailbox is the channel at start (the webhook was added after).
    const decoded = (raw: string) => raw.replace(/=\r?\n/g, "");
    const isReport = (mail: { raw: string }) => /servers? needs? a backup/.test(decoded(mail.raw));
    const report = await eventually("the report", async () => mails.find(isReport), 30_000);
    expect(decoded(report.raw)).toContain(`${alreadyLate.name}: late, latest completed backup`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(mails.filter(isReport)).toHaveLength(1);
  });

  it("tells once, signed, when a server turns late (no completed backup within 26 h)", async () => {
    const server = (await control("servers", { name: `notify-turns-late-${randomBytes(3).toString("hex")}` })) as {
      id: number;
      name: string;
    };
    // Made 26 h ago less a few seconds: healthy when the watcher first sees it, late moments after.
    await control("automatic-backups", {
      server_id: server.id,
      created_at: new Date(Date.now() - 26 * 3_600_000 + 4_000).toISOString(),
    });
    const isThisLate = (message: Received) => {
      const payload = JSON.parse(message.body) as { type: string; data: { server?: { id: number } | null } };
      return payload.type === "server.late" && payload.data.server?.id === server.id;
    };
    const message = await eventually("the late server's webhook", async () => received.find(isThisLate), 30_000);
    const payload = verified(message);
    expect(payload.data.url).toBe(`${apps[0]!.url}/servers/${server.id}`);
    expect(payload.data.summary).toBe(`${server.name} has no completed backup in the last 26 hours`);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(received.filter(isThisLate)).toHaveLength(1);
  });

  it("retries a receiver answering 500 with the same webhook-id until it succeeds, logging each attempt", async () => {
    failNext = 2;
    const before = received.length;
    const test = await apiAs(
      { cookie },
      `/api/notification-channels/${channelId}/test`,
      jsonRequest("POST", {}),
      apps[1]!.url,
    );
    expect(test.status, test.text).toBe(202);
    const { notificationId } = test.body as { notificationId: string };
    await eventually("three attempts", async () =>
      received.slice(before).filter((m) => m.headers["webhook-id"] === notificationId).length >= 3 ? true : undefined,
    );
    const attempts = received.slice(before).filter((m) => m.headers["webhook-id"] === notificationId);
    for (const attempt of attempts) expect(verified(attempt).type).toBe("test");
    const log = await eventually("the delivered entry", async () => {
      const result = await apiAs({ cookie }, `/api/notification-channels/${channelId}/deliveries`, {}, apps[0]!.url);
      const entry = (result.body as { results: { notificationId: string; state: string }[] }).results.find(
        (d) => d.notificationId === notificationId,
      );
      return entry?.state === "delivered" ? entry : undefined;
    });
    expect(log).toMatchObject({ kind: "test", state: "delivered", attempts: 3, lastStatus: 204 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(received.slice(before).filter((m) => m.headers["webhook-id"] === notificationId)).toHaveLength(3);
  });

  it("tells once, to the receiver and the mailbox, when VPS.org stays down past a minute, and once when it is back", async () => {
    const kindOf = (message: Received) => (JSON.parse(message.body) as { type: string }).type;
    const mailsAbout = (words: string) => mails.filter((mail) => mail.raw.replace(/=\r?\n/g, "").includes(words));
    await addFault({ mode: "error", status: 503 });
    try {
      // Not before the minute has passed.
      await new Promise((resolve) => setTimeout(resolve, 30_000));
      expect(received.filter((m) => kindOf(m) === "provider.down")).toHaveLength(0);
      const down = await eventually(
        "provider.down",
        async () => received.find((m) => kindOf(m) === "provider.down"),
        60_000,
      );
      expect(verified(down).data.summary).toMatch(/^VPS\.org has not answered the dashboard since /);
      await eventually("its email", async () => (mailsAbout("VPS.org has not answered").length > 0 ? true : undefined));
    } finally {
      await clearFaults();
    }
    await eventually(
      "provider.recovered",
      async () => received.find((m) => kindOf(m) === "provider.recovered"),
      30_000,
    );
    await eventually("its email", async () => (mailsAbout("VPS.org answers again").length > 0 ? true : undefined));
    // Two instances, many polls: once each.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(received.filter((m) => kindOf(m) === "provider.down")).toHaveLength(1);
    expect(received.filter((m) => kindOf(m) === "provider.recovered")).toHaveLength(1);
    expect(mailsAbout("VPS.org has not answered")).toHaveLength(1);
    expect(mailsAbout("VPS.org answers again")).toHaveLength(1);
  }, 150_000);

  it("sends nothing to a paused channel, and records who changed it in the audit log", async () => {
    const paused = await apiAs(
      { cookie },
      `/api/notification-channels/${channelId}`,
      jsonRequest("PATCH", { paused: true }),
      apps[0]!.url,
    );
    expect(paused.status, paused.text).toBe(200);
    expect(paused.body).toMatchObject({ paused: true });
    const audit = await apiAs({ cookie }, "/api/audit?action=notification.channel_update", {}, apps[0]!.url);
    expect(
      (audit.body as { entries: { actor: { email: string }; target: { description: string } }[] }).entries[0],
    ).toMatchObject({
      actor: { email: ADMIN.email },
      target: { description: expect.stringContaining("paused") },
    });
  });
});

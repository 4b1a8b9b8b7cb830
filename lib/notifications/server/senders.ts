import "server-only";
import nodemailer from "nodemailer";
import { Webhook } from "standardwebhooks";
import type { ChannelKind } from "@/lib/notifications/kinds";
import type { RenderedNotification, StoredNotification } from "@/lib/notifications/server/render";

// Sending one notification to one channel, once, within a time limit: a generic webhook signed per
// Standard Webhooks, Slack's incoming webhook (Block Kit), or email over SMTP (nodemailer). The
// answer is what the delivery log shows: the HTTP status or the SMTP reply. No secret is in it.

export interface SendTarget {
  kind: ChannelKind;
  /** The webhook's URL, Slack's URL, or the email address. */
  url: string;
  /** The webhook's signing secret (`whsec_…`). */
  secret: string | null;
}

export interface SendResult {
  ok: boolean;
  status: number | null;
  answer: string;
}

export interface SendContext {
  timeoutMs: number;
  smtp: { url: string; from: string } | null;
  now?: Date;
}

const MAX_ANSWER = 500;
const short = (value: string) => (value.length > MAX_ANSWER ? `${value.slice(0, MAX_ANSWER)}…` : value);

/** The JSON a webhook receives: Standard Webhooks' `type`, `timestamp` and `data`, with our id. */
export function webhookPayload(n: StoredNotification, message: RenderedNotification): Record<string, unknown> {
  return {
    type: n.kind,
    id: n.id,
    timestamp: n.at,
    data: {
      summary: message.title,
      lines: message.lines,
      server: n.serverId !== null ? { id: n.serverId, name: n.serverName } : null,
      backup_id: n.backupId,
      detail: n.detail,
      url: message.link,
    },
  };
}

/** Slack's Block Kit message: the title, the facts, the detail and a button back to the dashboard. */
export function slackPayload(message: RenderedNotification): Record<string, unknown> {
  const mrkdwn = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return {
    text: message.title,
    blocks: [
      { type: "header", text: { type: "plain_text", text: message.title.slice(0, 150), emoji: false } },
      {
        type: "section",
        fields: message.facts.map((fact) => ({
          type: "mrkdwn",
          text: `*${mrkdwn(fact.label)}*\n${mrkdwn(fact.value)}`,
        })),
      },
      ...(message.lines.length > 0
        ? [{ type: "section", text: { type: "mrkdwn", text: message.lines.map(mrkdwn).join("\n").slice(0, 3000) } }]
        : []),
      {
        type: "actions",
        elements: [{ type: "button", text: { type: "plain_text", text: message.linkLabel }, url: message.link }],
      },
    ],
  };
}

const escapeHtml = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function emailContent(message: RenderedNotification): { subject: string; text: string; html: string } {
  const facts = message.facts.map((fact) => `${fact.label}: ${fact.value}`);
  const text = [
    message.title,
    "",
    ...facts,
    ...(message.lines.length ? ["", ...message.lines] : []),
    "",
    `${message.linkLabel}: ${message.link}`,
  ].join("\n");
  const html = [
    `<h1 style="font-size:18px">${escapeHtml(message.title)}</h1>`,
    `<table>${message.facts.map((fact) => `<tr><th align="left">${escapeHtml(fact.label)}</th><td>${escapeHtml(fact.value)}</td></tr>`).join("")}</table>`,
    ...message.lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    `<p><a href="${escapeHtml(message.link)}">${escapeHtml(message.linkLabel)}</a></p>`,
  ].join("\n");
  return { subject: message.subject, text, html };
}

async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<SendResult> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "User-Agent": "vpsorg-backups-dashboard", ...headers },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const answer = await response.text().catch(() => "");
    return {
      ok: response.status >= 200 && response.status < 300,
      status: response.status,
      answer: short(`${response.status} ${response.statusText}${answer ? `: ${answer}` : ""}`.trim()),
    };
  } catch (error) {
    return { ok: false, status: null, answer: short(describeFailure(error, timeoutMs)) };
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
    return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown })?.code;
  // A code or the message only: never the URL (Slack's is a secret).
  return typeof code === "string"
    ? `could not connect: ${code}`
    : `could not send: ${error instanceof Error ? error.name : "error"}`;
}

/** The SMTP connection described by SMTP_URL: STARTTLS required on smtp:// (TLS from the start on smtps://). */
function smtpTransportOptions(smtpUrl: string, timeoutMs: number) {
  const url = new URL(smtpUrl);
  const secure = url.protocol === "smtps:";
  const rejectUnauthorized = url.searchParams.get("tls.rejectUnauthorized") !== "false";
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    requireTLS: !secure && url.searchParams.get("requireTLS") !== "false",
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    tls: { rejectUnauthorized },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  };
}

async function sendEmail(
  to: string,
  message: RenderedNotification,
  context: SendContext,
  id: string,
): Promise<SendResult> {
  if (!context.smtp) return { ok: false, status: null, answer: "SMTP is not configured (SMTP_URL)" };
  const transport = nodemailer.createTransport(smtpTransportOptions(context.smtp.url, context.timeoutMs));
  try {
    const content = emailContent(message);
    const info = await transport.sendMail({
      from: context.smtp.from,
      to,
      ...content,
      headers: { "X-Notification-Id": id },
    });
    const reply = typeof info.response === "string" ? info.response : "250";
    const code = Number(/^\d{3}/.exec(reply)?.[0] ?? 250);
    return { ok: true, status: code, answer: short(reply) };
  } catch (error) {
    const e = error as { responseCode?: number; response?: string; code?: string };
    return {
      ok: false,
      status: typeof e.responseCode === "number" ? e.responseCode : null,
      answer: short(e.response ?? (e.code ? `SMTP error: ${e.code}` : "SMTP error")),
    };
  } finally {
    transport.close();
  }
}

/** Standard Webhooks' headers: a stable id (the notification's), this attempt's time in seconds, the signature. */
export function signedHeaders(secret: string, id: string, at: Date, body: string): Record<string, string> {
  // The library signs with the seconds of `at`: the header says the same seconds.
  const seconds = new Date(Math.floor(at.getTime() / 1000) * 1000);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(seconds.getTime() / 1000),
    "webhook-signature": new Webhook(secret).sign(id, seconds, body),
  };
}

/** Sends `message` to `target` once. Never throws: a failure is an answer. */
export async function sendNotification(
  target: SendTarget,
  n: StoredNotification,
  message: RenderedNotification,
  context: SendContext,
): Promise<SendResult> {
  switch (target.kind) {
    case "webhook": {
      if (!target.secret) return { ok: false, status: null, answer: "the channel has no signing secret" };
      const body = JSON.stringify(webhookPayload(n, message));
      return post(
        target.url,
        body,
        signedHeaders(target.secret, n.id, context.now ?? new Date(), body),
        context.timeoutMs,
      );
    }
    case "slack":
      return post(target.url, JSON.stringify(slackPayload(message)), {}, context.timeoutMs);
    case "email":
      return sendEmail(target.url, message, context, n.id);
  }
}

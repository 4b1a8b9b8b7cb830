import { describe, expect, it } from "vitest";
import { auditPageSchema, type AuditEntry } from "@/lib/audit/schemas";
import { addUser, api, appUrl, expectError, jsonRequest, send, signIn } from "./helpers";

// Issue "Hardening" #4: the setup token cannot be guessed at speed, and what anonymous requests write
// to the audit log is bounded — a flood of refused sign-ins or setup attempts writes the first of each
// kind and minute, not one row each (the summaries of closed minutes: tests/store/refusals.test.ts).
// The test app believes X-Forwarded-For from 127.0.0.1 (AUTH_TRUSTED_PROXIES), so each test floods
// from addresses of its own.

async function auditFrom(action: string, ip: string): Promise<AuditEntry[]> {
  const result = await api(`/api/audit?action=${action}&page_size=500`);
  expect(result.status).toBe(200);
  return auditPageSchema.parse(result.body).entries.filter((entry) => entry.ip === ip);
}

const setup = (ip: string, token = "made-up") =>
  send(
    `${appUrl()}/api/setup`,
    jsonRequest(
      "POST",
      { token, email: "intruder@example.com", name: "Intruder", password: "long enough password" },
      { Origin: appUrl(), "X-Forwarded-For": ip },
    ),
  );

describe("setup attempts", () => {
  it("are limited to 5 a minute per address (429 with Retry-After), each address apart", async () => {
    const ip = "203.0.113.61";
    for (let i = 0; i < 5; i++) expectError(await setup(ip), "forbidden", 403);
    const limited = await setup(ip);
    const error = expectError(limited, "rate_limited", 429);
    expect(error.message).toMatch(/^Too many setup attempts from your address: try again in \d+ s\.$/);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another address is not slowed by this one's guessing.
    expectError(await setup("203.0.113.62"), "forbidden", 403);
  });

  it("write a bounded number of audit entries, however many are refused", async () => {
    const ip = "203.0.113.63";
    const answers = await Promise.all(Array.from({ length: 30 }, () => setup(ip)));
    expect(answers.every((answer) => answer.status === 403 || answer.status === 429)).toBe(true);
    const entries = await auditFrom("setup.complete", ip);
    // invalid_token and rate_limited: the first of each as it came (twice, if the flood crossed a minute).
    expect(new Set(entries.map((entry) => entry.error?.code))).toEqual(new Set(["invalid_token", "rate_limited"]));
    expect(entries.length).toBeLessThanOrEqual(4);
  });
});

describe("refused sign-ins", () => {
  it("write a bounded number of entries for one account guessed at from one address", async () => {
    const ip = "203.0.113.71";
    const user = await addUser("viewer", undefined, "flooded");
    const answers = await Promise.all(Array.from({ length: 40 }, () => signIn(user.email, "wrong password", { ip })));
    expect(answers.filter((answer) => answer.status === 429).length).toBeGreaterThanOrEqual(30);
    const entries = await auditFrom("auth.sign_in_failed", ip);
    expect(entries.every((entry) => entry.target.userEmail === user.email)).toBe(true);
    // The first of each answer given: attempts racing each other may all be refused (the limit counts
    // before it checks; on PostgreSQL they truly run at once), and then no password was checked.
    const answered = answers.some((answer) => answer.status === 401) ? ["INVALID_EMAIL_OR_PASSWORD"] : [];
    expect(new Set(entries.map((entry) => entry.error?.code))).toEqual(new Set([...answered, "rate_limited"]));
    expect(entries.length).toBeLessThanOrEqual(4);
    // The owner, from another address, still gets in.
    expect((await signIn(user.email, user.password, { ip: "198.51.100.71" })).status).toBe(200);
  });

  it("write at most 10 entries a minute one by one for many accounts from one address", async () => {
    const ip = "203.0.113.72";
    for (let i = 0; i < 30; i++) await signIn(`nobody-${i}@example.com`, "wrong password", { ip });
    const entries = await auditFrom("auth.sign_in_failed", ip);
    expect(entries.length).toBeGreaterThanOrEqual(1);
    // At most 10 kinds a minute; a flood crossing a minute may add that minute's 10 and a summary.
    expect(entries.length).toBeLessThanOrEqual(21);
  });
});

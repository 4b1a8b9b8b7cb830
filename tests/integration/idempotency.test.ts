import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createdBackupSchema } from "@/lib/backups/schemas";
import { CANARY_TOKEN } from "../canary";
import {
  addFault,
  clearFaults,
  clearRequestLog,
  expectError,
  postJson,
  resetSimulator,
  seenResponses,
  serverWithRoom,
  upstreamRequests,
} from "./helpers";

// POST /api/backups with an Idempotency-Key: one submission, one backup, over HTTP.

let serverId: number;

beforeAll(async () => {
  await resetSimulator();
  serverId = await serverWithRoom();
});

beforeEach(async () => {
  await clearRequestLog();
});

afterEach(async () => {
  await clearFaults();
});

afterAll(async () => {
  await resetSimulator();
  for (const response of seenResponses) expect(response.body + response.headers).not.toContain(CANARY_TOKEN);
});

const posts = async () => (await upstreamRequests()).filter((r) => r.method === "POST");
const create = (key: string, body: Record<string, unknown> = { server_id: serverId, description: "Nightly" }) =>
  postJson("/api/backups", body, { "Idempotency-Key": key });

describe("Idempotency-Key on POST /api/backups", () => {
  it("two concurrent creates with one key make one backup: one POST reaches VPS.org, both get its 201", async () => {
    await addFault({ mode: "latency", latency_ms: 300, method: "POST", path: "/backups/", times: 1 }); // keep the first in flight
    const key = randomUUID();
    const [a, b] = await Promise.all([create(key), create(key)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(createdBackupSchema.parse(a.body)).toEqual(createdBackupSchema.parse(b.body));
    expect([a.headers.get("idempotent-replayed"), b.headers.get("idempotent-replayed")].sort()).toEqual(
      ["true", null].sort(),
    );
    expect(await posts()).toHaveLength(1);
  });

  it("a repeat after the first answered gets the same answer, and VPS.org sees one POST", async () => {
    const key = randomUUID();
    const first = await create(key);
    const again = await create(key);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await posts()).toHaveLength(1);
  });

  it("refuses the same key with another body: 422 idempotency_key_reused, nothing sent", async () => {
    const key = randomUUID();
    await create(key);
    await clearRequestLog();
    const error = expectError(
      await create(key, { server_id: serverId, description: "Something else" }),
      "idempotency_key_reused",
      422,
    );
    expect(error.message).toMatch(/already used for a different request/);
    expect(await posts()).toEqual([]);
  });

  it.each([
    ["empty", ""],
    ["longer than 255 characters", "k".repeat(256)],
  ])("refuses a key that is %s: 400 invalid_input, nothing sent", async (_name, key) => {
    const error = expectError(await create(key), "invalid_input", 400);
    expect(error.fields).toHaveProperty("Idempotency-Key");
    expect(await upstreamRequests()).toEqual([]);
  });

  it("remembers no failure: after a provider error the same key is tried again and creates the backup", async () => {
    await addFault({ mode: "error", status: 500, method: "POST", path: "/backups/", times: 1 });
    const key = randomUUID();
    expectError(await create(key), "provider_unavailable", 502);
    const retried = await create(key);
    expect(retried.status).toBe(201);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
    expect((await posts()).map((r) => r.status)).toEqual([500, 201]);
  });

  it("leaves requests without a key as they were: each one creates", async () => {
    await postJson("/api/backups", { server_id: serverId });
    await postJson("/api/backups", { server_id: serverId });
    expect(await posts()).toHaveLength(2);
  });
});

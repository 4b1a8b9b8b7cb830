import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createdApiKeySchema } from "@/lib/api-keys/schemas";
import { apiAs, appUrl, control, jsonRequest, resetSimulator, serverWithRoom, simulatorList } from "./helpers";

// The README's CI example, run as a CI job runs it (bash, curl, jq) against a real dashboard with an
// operator's key: the README cannot drift from what works.

const run = promisify(execFile);

function readmeExample(): string {
  const readme = readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
  const section = readme.slice(readme.indexOf("**In CI.**"));
  const block = /```bash\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error("the README has no CI example after **In CI.**");
  return block[1]!;
}

async function runExample(env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run("bash", ["-c", readmeExample()], {
      env: { NODE_ENV: "test", PATH: process.env.PATH ?? "/usr/bin:/bin", POLL_SECONDS: "0.2", ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

let key: string;

beforeAll(async () => {
  await resetSimulator();
  const made = await apiAs("operator", "/api/api-keys", jsonRequest("POST", { name: "ci-example", role: "operator" }));
  expect(made.status, made.text).toBe(201);
  key = createdApiKeySchema.parse(made.body).key;
});

describe("the README's CI example", () => {
  it("creates one backup per pipeline, waits for it, and succeeds when it completed", async () => {
    const serverId = await serverWithRoom();
    const env = {
      DASHBOARD_URL: appUrl(),
      DASHBOARD_API_KEY: key,
      SERVER_ID: String(serverId),
      CI_PIPELINE_ID: randomUUID(),
    };
    const first = await runExample(env);
    expect(first, first.stderr).toMatchObject({ code: 0 });
    const id = /backup (\d+) completed/.exec(first.stdout)?.[1];
    expect(id).toBeDefined();
    // A retried job: the same Idempotency-Key, the same backup, no second one.
    const retried = await runExample(env);
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain(`backup ${id} completed`);
    const made = (await simulatorList<{ id: number; description: string }>("/backups/?backup_type=manual")).filter(
      (backup) => backup.description === `Before deploy ${env.CI_PIPELINE_ID}`,
    );
    expect(made.map((backup) => String(backup.id))).toEqual([id]);
  });

  it("fails the job when the backup failed", async () => {
    await control("config", { fail_next_backups: 1 });
    const serverId = await serverWithRoom();
    const result = await runExample({
      DASHBOARD_URL: appUrl(),
      DASHBOARD_API_KEY: key,
      SERVER_ID: String(serverId),
      CI_PIPELINE_ID: randomUUID(),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/backup \d+ failed/);
  });

  it("fails the job when the key is refused", async () => {
    const result = await runExample({
      DASHBOARD_URL: appUrl(),
      DASHBOARD_API_KEY: `vbk_${"x".repeat(43)}`,
      SERVER_ID: "12345",
      CI_PIPELINE_ID: randomUUID(),
    });
    expect(result.code).not.toBe(0);
  });
});

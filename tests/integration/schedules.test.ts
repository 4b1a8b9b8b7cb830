import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupListSchema } from "@/lib/backups/schemas";
import { scheduleRunListSchema, scheduleSchema, type Schedule, type ScheduleRun } from "@/lib/schedules/schemas";
import { createFreshDatabase, storeUnderTest, type FreshDatabase } from "../store-under-test";
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
  send,
  simulatorList,
  upstreamRequests,
  WATCHED_ENV,
} from "./helpers";

// Issue "Schedules, retention and protected backups" §1–2 over real parts: two production servers of
// the dashboard on one store, both running the account watcher (one holds its lease), in front of the
// simulator over HTTP, with crons that have seconds (SCHEDULES_ALLOW_SECONDS, for tests). Each run makes
// one backup per server whatever the number of instances; retention deletes exactly this schedule's
// oldest completed backups beyond keep_last after a new one completed; a full quota fails the run
// without touching anyone's backup; due times missed while every instance was down run once at start;
// an instance killed while VPS.org is asked never makes the run's backup twice. Counted at the simulator.

const env = {
  ...providerEnv(),
  ...WATCHED_ENV,
  SCHEDULES_ALLOW_SECONDS: "true",
  VPSORG_RETRY_MAX_ATTEMPTS: "1",
};

let store: FreshDatabase;
const apps: AppProcess[] = [];
let cookie: string;
const suffix = randomBytes(3).toString("hex");

interface SimBackup {
  id: number;
  server: { id: number };
  backup_type: string;
  status: string;
  description: string;
}

async function newServer(label: string): Promise<{ id: number; name: string }> {
  return (await control("servers", { name: `sched-${label}-${suffix}` })) as { id: number; name: string };
}

const PUBLIC_URL = "http://dashboard.schedules.test";

/** Signs the admin in on `app`, as a browser at the deployment's public address would. */
async function signInAt(app: AppProcess): Promise<string> {
  const signedIn = await send(`${app.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: PUBLIC_URL },
    body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
  });
  expect(signedIn.status, signedIn.text).toBe(200);
  return cookieFrom(signedIn);
}

const startInstance = (extra: Record<string, string> = {}, killable = false) =>
  startApp({ ...env, DATABASE_URL: store.url, BETTER_AUTH_URL: PUBLIC_URL, ...extra }, { killable });

const as = (path: string, init: RequestInit = {}, app: AppProcess = apps[0]!) => apiAs({ cookie }, path, init, app.url);

async function createSchedule(body: Record<string, unknown>, app: AppProcess = apps[0]!): Promise<Schedule> {
  const created = await as("/api/schedules", jsonRequest("POST", body), app);
  expect(created.status, created.text).toBe(201);
  return scheduleSchema.parse(created.body);
}

async function runsOf(id: number, app: AppProcess = apps[0]!): Promise<ScheduleRun[]> {
  const result = await as(`/api/schedules/${id}/runs`, {}, app);
  expect(result.status, result.text).toBe(200);
  return scheduleRunListSchema.parse(result.body).runs;
}

async function pause(id: number): Promise<void> {
  const paused = await as(`/api/schedules/${id}`, jsonRequest("PATCH", { enabled: false }));
  expect(paused.status, paused.text).toBe(200);
}

const backupsOf = async (serverId: number) =>
  (await simulatorList<SimBackup>(`/backups/?server_id=${serverId}`)).filter((b) => b.backup_type === "manual");

/** The creates that reached the simulator for a server. */
const createsFor = async (serverId: number) =>
  (await upstreamRequests()).filter(
    (request) =>
      request.method === "POST" &&
      request.path === "/api/v1/backups/" &&
      (request.body as { server_id?: number } | null)?.server_id === serverId,
  );

beforeAll(async () => {
  store = await createFreshDatabase(storeUnderTest(), "schedules");
  apps.push(await startInstance());
  apps.push(await startInstance());
  cookie = await signInAt(apps[0]!);
}, 150_000);

afterAll(async () => {
  for (const app of apps) await app.stop();
  await clearFaults();
  await control("config", { backup_duration_ms: 400 });
  await store?.drop();
});

describe("a schedule on two instances", () => {
  it("makes one backup per server per run, attributed to it, and keeps only its newest keep_last", async () => {
    const [first, second] = [await newServer("a"), await newServer("b")];
    // A person's backup on the first server: retention never deletes it.
    const personal = await as("/api/backups", jsonRequest("POST", { server_id: first.id, description: "by hand" }));
    expect(personal.status, personal.text).toBe(201);
    const personalId = (personal.body as { id: number }).id;

    const schedule = await createSchedule({
      name: `Every2s ${suffix}`,
      cron: "*/2 * * * * *",
      timezone: "Asia/Ho_Chi_Minh",
      server_ids: [first.id, second.id],
      description_template: "{schedule} {server} {time}",
      keep_last: 2,
    });
    expect(schedule.next_runs).toHaveLength(5);
    expect(schedule.created_by.email).toBe(ADMIN.email);

    // Five runs, each of whose backups completed (the simulator takes 400 ms per backup).
    const runs = await eventually(
      "five settled runs",
      async () => {
        const all = await runsOf(schedule.id, apps[1]);
        const settled = all.filter(
          (run) => run.servers.length === 2 && run.servers.every((s) => s.state === "completed"),
        );
        return settled.length >= 5 ? all : undefined;
      },
      40_000,
    );
    await pause(schedule.id);
    // A run claimed just before the pause finishes: wait until nothing of it is open.
    const final = await eventually("the last run settled", async () => {
      const all = await runsOf(schedule.id);
      return all.every((run) => run.servers.every((s) => s.state !== "pending" && s.state !== "started"))
        ? all
        : undefined;
    });
    expect(final.length).toBeGreaterThanOrEqual(runs.length);

    // Once per due time, whichever instance: the due times are distinct, and each made one backup per server.
    const dueTimes = final.map((run) => run.due_at);
    expect(new Set(dueTimes).size).toBe(dueTimes.length);
    for (const server of [first, second]) {
      const made = final.flatMap((run) => run.servers.filter((s) => s.server.id === server.id && s.backup_id !== null));
      expect(made.length).toBe(final.length);
      expect((await createsFor(server.id)).length).toBe(made.length + (server.id === first.id ? 1 : 0));
      const newestTwo = made
        .map((s) => s.backup_id!)
        .sort((a, b) => b - a)
        .slice(0, 2);
      // What is left at VPS.org once retention ran after the last completion: the newest two, and the person's backup.
      const left = await eventually("retention after the last completion", async () => {
        const now = await backupsOf(server.id);
        const ownLeft = now.filter((backup) => made.some((s) => s.backup_id === backup.id)).map((b) => b.id);
        return ownLeft.sort((a, b) => b - a).join() === newestTwo.join() ? now : undefined;
      });
      if (server.id === first.id) expect(left.map((b) => b.id)).toContain(personalId);
      // Every deleted one was the schedule's own, deleted by retention after a newer one completed.
      const deleted = (await runsOf(schedule.id)).flatMap((run) =>
        run.servers.flatMap((s) => (s.server.id === server.id ? s.deleted_backup_ids : [])),
      );
      expect(deleted.sort()).toEqual(
        made
          .map((s) => s.backup_id!)
          .filter((id) => !newestTwo.includes(id))
          .sort(),
      );
    }

    // The retention preview of the saved schedule: its next run keeps the newest one of its own (its new
    // backup makes two) and deletes the other once the new one completed; the person's is untouched.
    const preview = await as(
      "/api/schedules/preview",
      jsonRequest("POST", {
        id: schedule.id,
        name: schedule.name,
        cron: schedule.cron,
        timezone: schedule.timezone,
        server_ids: [first.id],
        keep_last: 2,
      }),
    );
    expect(preview.status, preview.text).toBe(200);
    const ownNow = (await backupsOf(first.id))
      .filter((b) => b.id !== personalId)
      .map((b) => b.id)
      .sort((x, y) => y - x);
    expect(preview.body).toMatchObject({
      next_runs: expect.arrayContaining([expect.any(String)]),
      picture: true,
      servers: [
        {
          server: { id: first.id },
          keep: [{ id: ownNow[0] }],
          delete: [{ id: ownNow[1] }],
          make_room: null,
          untouched: { by_people: 1, by_other_schedules: 0, protected: 0 },
          blocked: null,
        },
      ],
    });

    // Attributed in the list and in the audit log.
    const listed = backupListSchema.parse((await as(`/api/backups?server_id=${first.id}`)).body).results;
    const scheduled = listed.find((backup) => backup.id !== personalId)!;
    expect(scheduled.created_by).toMatchObject({
      email: ADMIN.email,
      schedule: { id: String(schedule.id), name: schedule.name },
    });
    expect(scheduled.description).toMatch(new RegExp(`^Every2s ${suffix} sched-a-${suffix} \\d\\d:\\d\\d$`));
    expect(listed.find((backup) => backup.id === personalId)?.created_by?.schedule ?? null).toBeNull();
    const audit = (await as(`/api/audit?server_id=${first.id}&action=backup.delete`)).body as {
      entries: { via: { kind: string; name: string } | null; actor: { email: string } | null; outcome: string }[];
    };
    expect(audit.entries.length).toBeGreaterThan(0);
    for (const entry of audit.entries) {
      expect(entry.via).toMatchObject({ kind: "schedule", name: schedule.name });
      expect(entry.actor?.email).toBe(ADMIN.email);
    }
  }, 90_000);

  it("skips a server whose previous scheduled backup is still in progress, and says so", async () => {
    const server = await newServer("slow");
    await control("config", { backup_duration_ms: 6_000 });
    try {
      const schedule = await createSchedule({
        name: `Slow ${suffix}`,
        cron: "*/2 * * * * *",
        server_ids: [server.id],
        keep_last: 3,
      });
      const skipped = await eventually(
        "a skipped run",
        async () =>
          (await runsOf(schedule.id)).flatMap((run) => run.servers).find((s) => s.state === "skipped") ?? undefined,
        20_000,
      );
      await pause(schedule.id);
      expect(skipped.reason_code).toBe("in_progress");
      expect(skipped.reason).toMatch(/still in progress/);
      expect(skipped.backup_id).toBeNull();
      // Only the first run asked VPS.org while its backup ran.
      expect((await createsFor(server.id)).length).toBe(1);
    } finally {
      await control("config", { backup_duration_ms: 400 });
    }
  }, 40_000);

  it("fails a run on a server at the quota without deleting anyone else's backup", async () => {
    const server = await newServer("full");
    for (let i = 0; i < 10; i++) {
      const made = await provider("/backups/", {
        method: "POST",
        body: JSON.stringify({ server_id: server.id, description: `person ${i}` }),
      });
      expect(made.status).toBe(201);
    }
    const before = (await backupsOf(server.id)).map((b) => b.id).sort();
    const createsBefore = (await createsFor(server.id)).length;
    const schedule = await createSchedule({
      name: `Full ${suffix}`,
      cron: "*/2 * * * * *",
      server_ids: [server.id],
      keep_last: 1,
    });
    const failed = await eventually(
      "a failed run",
      async () =>
        (await runsOf(schedule.id)).flatMap((run) => run.servers).find((s) => s.state === "failed") ?? undefined,
      20_000,
    );
    await pause(schedule.id);
    expect(failed.reason_code).toBe("quota_full");
    expect(failed.reason).toMatch(/10 manual backups/);
    expect((await backupsOf(server.id)).map((b) => b.id).sort()).toEqual(before);
    expect((await createsFor(server.id)).length).toBe(createsBefore);
    // The preview says so before a run does.
    const preview = await as(
      "/api/schedules/preview",
      jsonRequest("POST", {
        id: schedule.id,
        name: schedule.name,
        cron: "0 3 * * *",
        server_ids: [server.id],
        keep_last: 1,
      }),
    );
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body).toMatchObject({
      servers: [{ server: { id: server.id }, manual_count: 10, blocked: { code: "quota_full" }, delete: [] }],
    });
  }, 40_000);

  it("refuses an invalid cron or time zone with a 400 that names the field, and stores nothing", async () => {
    const bad = await as("/api/schedules", jsonRequest("POST", { name: "x", cron: "0 3 * *", all_servers: true }));
    expectError(bad, "invalid_input", 400);
    expect(JSON.stringify(bad.body)).toMatch(/cron must have 5 fields/);
    const zone = await as(
      "/api/schedules",
      jsonRequest("POST", { name: "x", cron: "0 3 * * *", timezone: "Mars/Olympus", all_servers: true }),
    );
    expectError(zone, "invalid_input", 400);
    expect(JSON.stringify(zone.body)).toMatch(/timezone/);
    const both = await as(
      "/api/schedules",
      jsonRequest("POST", { name: "x", cron: "0 3 * * *", all_servers: true, server_ids: [1] }),
    );
    expectError(both, "invalid_input", 400);
    const keep = await as(
      "/api/schedules",
      jsonRequest("POST", { name: "x", cron: "0 3 * * *", all_servers: true, keep_last: 11 }),
    );
    expectError(keep, "invalid_input", 400);
    const names = ((await as("/api/schedules")).body as { schedules: { name: string }[] }).schedules.map((s) => s.name);
    expect(names).not.toContain("x");
  });
});

describe("a protected backup", () => {
  it("is kept by retention, refused to a person on either instance with 409, and deletable once unprotected", async () => {
    const server = await newServer("protect");
    const schedule = await createSchedule({
      name: `Protect ${suffix}`,
      cron: "*/2 * * * * *",
      server_ids: [server.id],
      keep_last: 1,
    });
    // The first run's backup, once completed, is protected through the API (on the other instance).
    const firstBackup = await eventually(
      "the first run's completed backup",
      async () =>
        (await runsOf(schedule.id))
          .flatMap((run) => run.servers)
          .find((s) => s.state === "completed" && s.backup_id !== null)?.backup_id ?? undefined,
      20_000,
    );
    const protectedAt = await as(
      `/api/backups/${firstBackup}/protection`,
      jsonRequest("PUT", { protected: true }),
      apps[1],
    );
    expect(protectedAt.status, protectedAt.text).toBe(200);
    expect(protectedAt.body).toMatchObject({
      backup_id: firstBackup,
      protected: true,
      protected_by: { email: ADMIN.email, at: expect.any(String) },
    });
    // Asking again changes nothing: the first protection stands, audited once.
    const again = await as(`/api/backups/${firstBackup}/protection`, jsonRequest("PUT", { protected: true }));
    expect(again.body).toEqual(protectedAt.body);

    // Three more runs complete; with keep_last 1 retention deletes their older ones, never the protected one.
    await eventually(
      "three more completed runs",
      async () => {
        const completed = (await runsOf(schedule.id))
          .flatMap((run) => run.servers)
          .filter((s) => s.state === "completed" && s.backup_id !== firstBackup);
        return completed.length >= 3 ? completed : undefined;
      },
      30_000,
    );
    await pause(schedule.id);
    const settled = await eventually("the last run settled and pruned", async () => {
      const all = await runsOf(schedule.id);
      const open = all.some((run) => run.servers.some((s) => s.state === "pending" || s.state === "started"));
      const own = (await backupsOf(server.id)).filter((b) => b.id !== firstBackup);
      return !open && own.length === 1 ? all : undefined;
    });
    expect(settled.flatMap((run) => run.servers.flatMap((s) => s.deleted_backup_ids))).not.toContain(firstBackup);
    expect((await backupsOf(server.id)).map((b) => b.id)).toContain(firstBackup);

    // The list shows who protected it; the preview counts it as untouched.
    const listed = backupListSchema.parse((await as(`/api/backups?server_id=${server.id}`)).body).results;
    expect(listed.find((b) => b.id === firstBackup)?.protected_by).toMatchObject({ email: ADMIN.email });
    expect(listed.filter((b) => b.id !== firstBackup).every((b) => b.protected_by === null)).toBe(true);
    const preview = await as(
      "/api/schedules/preview",
      jsonRequest("POST", {
        id: schedule.id,
        name: schedule.name,
        cron: schedule.cron,
        server_ids: [server.id],
        keep_last: 1,
      }),
    );
    expect(preview.body).toMatchObject({ servers: [{ untouched: { protected: 1 } }] });

    // A person's delete is refused on both instances, before VPS.org is asked, and the refusal is on record.
    const deletesBefore = (await upstreamRequests()).filter(
      (request) => request.method === "DELETE" && request.path === `/api/v1/backups/${firstBackup}/`,
    );
    for (const app of apps) {
      const refused = await as(`/api/backups/${firstBackup}`, { method: "DELETE" }, app);
      const error = expectError(refused, "backup_protected", 409);
      expect(error.message).toContain(`protected (by ${ADMIN.email}`);
      expect(error.message).toContain("unprotect it");
    }
    expect(
      (await upstreamRequests()).filter(
        (request) => request.method === "DELETE" && request.path === `/api/v1/backups/${firstBackup}/`,
      ),
    ).toEqual(deletesBefore);
    const audit = (await as(`/api/audit?backup_id=${firstBackup}`)).body as {
      entries: { action: string; outcome: string; error: { code: string } | null }[];
    };
    expect(audit.entries.filter((entry) => entry.action === "backup.protect")).toHaveLength(1);
    expect(audit.entries.filter((entry) => entry.action === "backup.delete" && entry.outcome === "failure")).toEqual([
      expect.objectContaining({ error: expect.objectContaining({ code: "backup_protected" }) }),
      expect.objectContaining({ error: expect.objectContaining({ code: "backup_protected" }) }),
    ]);

    // Unprotected, it can go.
    const unprotected = await as(`/api/backups/${firstBackup}/protection`, jsonRequest("PUT", { protected: false }));
    expect(unprotected.body).toEqual({ backup_id: firstBackup, protected: false, protected_by: null });
    const deleted = await as(`/api/backups/${firstBackup}`, { method: "DELETE" }, apps[1]);
    expect(deleted.status, deleted.text).toBe(204);
    const actions = ((await as(`/api/audit?backup_id=${firstBackup}`)).body as { entries: { action: string }[] })
      .entries;
    expect(actions.map((entry) => entry.action)).toEqual(expect.arrayContaining(["backup.unprotect"]));
  }, 90_000);

  it("refuses a malformed protection with a 400 and an unknown backup with a 404, changing nothing", async () => {
    for (const body of [{ protected: "yes" }, {}, { protected: true, by: "someone" }]) {
      const refused = await as("/api/backups/1/protection", jsonRequest("PUT", body));
      const error = expectError(refused, "invalid_input", 400);
      expect(error.message).toMatch(/protected|by/);
    }
    expectError(
      await as("/api/backups/not-an-id/protection", jsonRequest("PUT", { protected: true })),
      "invalid_input",
      400,
    );
    expectError(
      await as("/api/backups/987654321/protection", jsonRequest("PUT", { protected: true })),
      "not_found",
      404,
    );
    const audit = (await as(`/api/audit?action=backup.protect`)).body as {
      entries: { target: { backupId: string } }[];
    };
    expect(audit.entries.map((entry) => entry.target.backupId)).not.toContain("987654321");
  });
});

describe("a schedule across restarts", () => {
  it("runs once at start for the due times missed while every instance was down", async () => {
    const server = await newServer("down");
    const schedule = await createSchedule({
      name: `Catch-up ${suffix}`,
      cron: "*/2 * * * * *",
      server_ids: [server.id],
      keep_last: 10,
    });
    await eventually("a first run", async () => ((await runsOf(schedule.id)).length > 0 ? true : undefined), 20_000);
    // Every instance down for about six seconds: three due times or more go by.
    for (const app of apps.splice(0)) await app.stop();
    const downFrom = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const before = (await createsFor(server.id)).length;
    apps.push(await startInstance());
    cookie = await signInAt(apps[0]!);
    const caughtUp = await eventually(
      "the run at start",
      async () => (await runsOf(schedule.id)).find((run) => run.missed > 0),
      20_000,
    );
    await pause(schedule.id);
    expect(caughtUp.missed).toBeGreaterThanOrEqual(2);
    expect(Date.parse(caughtUp.due_at)).toBeGreaterThan(downFrom);
    // One run covered them: no other run is for a due time while the instances were down.
    const runs = await runsOf(schedule.id);
    const duringDowntime = runs.filter(
      (run) => Date.parse(run.due_at) > downFrom && Date.parse(run.due_at) < Date.parse(caughtUp.due_at),
    );
    expect(duringDowntime).toEqual([]);
    const after = (await createsFor(server.id)).length;
    expect(after - before).toBe(runs.filter((run) => Date.parse(run.started_at) > downFrom).length);
  }, 90_000);

  it("never asks VPS.org twice for a run whose instance was killed while it asked", async () => {
    const server = await newServer("crash");
    // Only one instance, killable, holds the watcher: it is the one asking when it dies.
    for (const app of apps.splice(0)) await app.stop();
    const victim = await startInstance({}, true);
    apps.push(victim);
    cookie = await signInAt(victim);
    await addFault({ mode: "latency", latency_ms: 4_000, method: "POST", path: "/backups/", times: 1 });
    const schedule = await createSchedule({
      name: `Crash ${suffix}`,
      cron: "*/2 * * * * *",
      server_ids: [server.id],
      keep_last: 10,
    });
    await eventually(
      "the create at the simulator",
      async () => ((await createsFor(server.id)).length > 0 ? true : undefined),
      20_000,
    );
    await victim.kill();
    apps.splice(0);
    apps.push(await startInstance());
    cookie = await signInAt(apps[0]!);
    // The killed run stays pending (looked for later, never asked again): later runs skip the server meanwhile.
    const skipped = await eventually(
      "a run skipped for the unsettled one",
      async () => (await runsOf(schedule.id)).flatMap((run) => run.servers).find((s) => s.state === "skipped"),
      20_000,
    );
    await pause(schedule.id);
    expect(skipped.reason_code).toBe("in_progress");
    const runs = await runsOf(schedule.id);
    const pending = runs.flatMap((run) => run.servers).filter((s) => s.state === "pending");
    expect(pending).toHaveLength(1);
    expect((await createsFor(server.id)).length).toBe(1);
  }, 90_000);
});

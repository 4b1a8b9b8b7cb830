import parsePrometheusTextFormat, { type PrometheusFamily } from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CANARIES, CANARY_METRICS_TOKEN, CANARY_TOKEN } from "../canary";
import { withStore } from "../store-under-test";
import { ADMIN, startApp, type AppProcess } from "./app-process";
import {
  apiAs,
  cachedAppUrl,
  eventually,
  expectError,
  jsonRequest,
  providerEnv,
  seenResponses,
  send,
  serverWithRoom,
  signedInCookie,
  simulatorList,
  WATCHED_ENV,
} from "./helpers";

// GET /api/metrics on a dashboard of its own with the account watcher on (short cadences) and
// METRICS_TOKEN set: off (404) on a dashboard without the token, 401 without the right Bearer token,
// and with it the Prometheus text format — parsed by a Prometheus text parser (which the test holds
// stricter: every value a number, no timestamps) — with every family, labelled by ids and names,
// the account's figures matching the simulator's, and figures that change after a create.

const METRICS = `Bearer ${CANARY_METRICS_TOKEN}`;

const FAMILIES = {
  dashboard_backups: "GAUGE",
  dashboard_latest_completed_backup_age_seconds: "GAUGE",
  dashboard_backup_health: "GAUGE",
  dashboard_provider_circuit_state: "GAUGE",
  dashboard_provider_circuit_failures: "GAUGE",
  dashboard_watcher_lease_held: "GAUGE",
  dashboard_watcher_last_poll_timestamp_seconds: "GAUGE",
  dashboard_watcher_last_successful_poll_timestamp_seconds: "GAUGE",
  dashboard_notification_deliveries: "GAUGE",
  dashboard_store_up: "GAUGE",
  dashboard_provider_requests_total: "COUNTER",
  dashboard_provider_request_duration_seconds: "HISTOGRAM",
  dashboard_http_requests_total: "COUNTER",
  dashboard_http_request_duration_seconds: "HISTOGRAM",
  process_cpu_seconds_total: "COUNTER",
  nodejs_eventloop_lag_seconds: "GAUGE",
} as const;

/** A Prometheus float: what a sample's value must be. */
const FLOAT = /^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|NaN|[+-]Inf)$/;

let app: AppProcess;
let cookie: string;

interface Scrape {
  text: string;
  families: Map<string, PrometheusFamily>;
  /** The sum of a family's samples whose labels include `labels`. */
  sum(name: string, labels?: Record<string, string>): number;
  samples(name: string): { labels: Record<string, string>; value: number }[];
}

async function scrape(): Promise<Scrape> {
  const result = await send(`${app.url}/api/metrics`, { headers: { Authorization: METRICS } });
  expect(result.status, result.text).toBe(200);
  expect(result.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  expect(result.headers.get("cache-control")).toBe("no-store");
  const parsed = parsePrometheusTextFormat(result.text);
  const families = new Map(parsed.map((family) => [family.name, family]));
  expect(families.size, "one entry per family").toBe(parsed.length);
  for (const family of parsed) {
    expect(family.name).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
    expect(family.help, `${family.name} has a HELP line`).not.toBe("");
    for (const sample of family.metrics) {
      expect(sample.timestamp_ms, `${family.name} has no timestamp`).toBeUndefined();
      for (const value of [sample.value, sample.count, sample.sum, ...Object.values(sample.buckets ?? {})])
        if (value !== undefined) expect(value, `a value of ${family.name}`).toMatch(FLOAT);
    }
  }
  const samples = (name: string) =>
    (families.get(name)?.metrics ?? []).map((sample) => ({ labels: sample.labels ?? {}, value: Number(sample.value) }));
  return {
    text: result.text,
    families,
    samples,
    sum: (name, labels = {}) =>
      samples(name)
        .filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
        .reduce((total, sample) => total + sample.value, 0),
  };
}

beforeAll(async () => {
  app = await startApp({ ...providerEnv(), ...WATCHED_ENV, METRICS_TOKEN: CANARY_METRICS_TOKEN });
  cookie = await signedInCookie(ADMIN.email, ADMIN.password, app.url);
  // The watcher's first picture, which the account's gauges read.
  await eventually("the watcher's first picture", async () => {
    const [row] = await withStore(app.databaseUrl, (store) =>
      store.query<{ generation: number }>("select generation from account_snapshot where id = 1"),
    );
    return row && row.generation > 0 ? true : undefined;
  });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  for (const response of seenResponses)
    for (const canary of CANARIES) expect(response.body + response.headers).not.toContain(canary);
});

describe("GET /api/metrics", () => {
  it("is off (404) on a dashboard without METRICS_TOKEN, whatever is sent", async () => {
    for (const headers of [{}, { Authorization: METRICS }] as Record<string, string>[]) {
      const result = await send(`${cachedAppUrl()}/api/metrics`, { headers });
      expectError(result, "not_found", 404);
      expect(result.headers.get("x-request-id")).toBeTruthy();
    }
  });

  it("is 401 with WWW-Authenticate: Bearer without the token, with a wrong one, or with only a session", async () => {
    const answers = [
      await send(`${app.url}/api/metrics`),
      await send(`${app.url}/api/metrics`, { headers: { Authorization: "Bearer not-the-metrics-token" } }),
      await send(`${app.url}/api/metrics`, { headers: { Authorization: `Basic ${CANARY_METRICS_TOKEN}` } }),
      await send(`${app.url}/api/metrics`, { headers: { Authorization: `Bearer ${CANARY_METRICS_TOKEN}x` } }),
      await apiAs({ cookie }, "/api/metrics", {}, app.url),
    ];
    for (const result of answers) {
      expectError(result, "unauthenticated", 401);
      expect(result.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
      expect(result.text).not.toContain("dashboard_");
    }
  });

  it("parses as Prometheus text with every family, labelled by ids and names, and no secret", async () => {
    const metrics = await scrape();
    for (const [name, type] of Object.entries(FAMILIES)) expect(metrics.families.get(name)?.type, name).toBe(type);
    for (const secret of [...CANARIES, CANARY_TOKEN, ADMIN.password]) expect(metrics.text).not.toContain(secret);

    // The account's backups, as the simulator lists them, by server, type and status (once the
    // picture has caught up with a backup that was still running).
    type Listed = { server: { id: number; name: string }; backup_type: string; status: string };
    const backups = await eventually("the picture's backups as the simulator lists them", async () => {
      const [listed, current] = [await simulatorList<Listed>("/backups/"), await scrape()];
      const group = (b: Listed) => ({
        server_id: String(b.server.id),
        server_name: b.server.name,
        type: b.backup_type,
        status: b.status,
      });
      const same =
        current.sum("dashboard_backups") === listed.length &&
        listed.every(
          (b) =>
            current.sum("dashboard_backups", group(b)) ===
            listed.filter((other) => JSON.stringify(group(other)) === JSON.stringify(group(b))).length,
        );
      return same ? listed : undefined;
    });
    expect(backups.length).toBeGreaterThan(0);

    // Each server's health: one state at 1, the others at 0.
    const servers = await simulatorList<{ id: number; name: string }>("/servers/");
    for (const server of servers) {
      const states = metrics.samples("dashboard_backup_health").filter((s) => s.labels.server_id === String(server.id));
      expect(states.length, server.name).toBe(6);
      expect(
        states.filter((s) => s.value === 1),
        server.name,
      ).toHaveLength(1);
      expect(states[0]!.labels.server_name).toBe(server.name);
    }
    // A server with a completed backup has the age of the latest.
    const completed = backups.find((b) => b.status === "completed")!;
    const age = metrics
      .samples("dashboard_latest_completed_backup_age_seconds")
      .find((s) => s.labels.server_id === String(completed.server.id));
    expect(age?.value).toBeGreaterThanOrEqual(0);

    expect(metrics.sum("dashboard_store_up")).toBe(1);
    expect(metrics.sum("dashboard_provider_circuit_state", { state: "closed" })).toBe(1);
    expect(metrics.sum("dashboard_provider_circuit_state")).toBe(1);
    expect(metrics.sum("dashboard_watcher_lease_held")).toBe(1);
    const lastSuccess = metrics.sum("dashboard_watcher_last_successful_poll_timestamp_seconds");
    expect(Date.now() / 1000 - lastSuccess).toBeLessThan(60);
    // The watcher's polls went through this instance's transport.
    expect(
      metrics.sum("dashboard_provider_requests_total", { operation: "list_backups", outcome: "success" }),
    ).toBeGreaterThan(0);
    expect(
      metrics.families.get("dashboard_provider_request_duration_seconds")?.metrics[0]?.buckets?.["+Inf"],
    ).toBeDefined();
  });

  it("changes after a create: the backups, the provider's requests and the /api requests", async () => {
    const serverId = await serverWithRoom();
    const before = await scrape();
    const manual = (metrics: Scrape) =>
      metrics.sum("dashboard_backups", { server_id: String(serverId), type: "manual" });
    const creates = (metrics: Scrape) =>
      metrics.sum("dashboard_provider_requests_total", { operation: "create_backup", outcome: "success" });
    const posts = (metrics: Scrape) =>
      metrics.sum("dashboard_http_requests_total", { method: "POST", route: "/api/backups", status: "201" });

    const created = await apiAs(
      { cookie },
      "/api/backups",
      jsonRequest("POST", { server_id: serverId, description: "metrics test" }),
      app.url,
    );
    expect(created.status, created.text).toBe(201);

    const after = await eventually("the create in the metrics", async () => {
      const metrics = await scrape();
      return manual(metrics) === manual(before) + 1 ? metrics : undefined;
    });
    expect(creates(after)).toBe(creates(before) + 1);
    expect(posts(after)).toBe(posts(before) + 1);
    // Every scrape is an /api request too, counted by its route.
    expect(after.sum("dashboard_http_requests_total", { route: "/api/metrics", status: "200" })).toBeGreaterThan(
      before.sum("dashboard_http_requests_total", { route: "/api/metrics", status: "200" }),
    );
  });
});

// npm run bench — measures the dashboard against the simulator on this machine and prints a
// table; writes bench-results/latest.json. Not a test: it never fails on a figure.
import autocannon from "autocannon";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { Agent, request as httpRequest } from "node:http";
import { chromium } from "@playwright/test";
import pg from "pg";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium";
import { root, run, startApp, startSimulatorProcess, type Running, type RunningApp } from "./bench/processes";

const TOKEN = "vps_bench_token";
const args = new Set(process.argv.slice(2));
const quick = args.has("--quick"); // shorter runs, for trying the script itself
// --only=size,serving,provider,scale,lighthouse runs some sections.
const only = new Set(
  (
    process.argv.find((arg) => arg.startsWith("--only="))?.slice("--only=".length) ??
    "size,serving,provider,scale,lighthouse"
  ).split(","),
);
const seconds = (full: number) => (quick ? Math.max(2, Math.round(full / 5)) : full);

type Row = { section: string; figure: string; value: string; target?: string; verdict?: "meets" | "misses" | "" };
const rows: Row[] = [];
const results: Record<string, unknown> = {};
const cleanups: (() => Promise<void>)[] = [];

function record(row: Row) {
  rows.push(row);
  console.log(`  ${row.section.padEnd(12)} ${row.figure.padEnd(58)} ${row.value}`);
}
/** A process for one section, stopped when the benchmark ends. */
async function stoppedAtEnd<T extends Running>(starting: Promise<T>): Promise<T> {
  const running = await starting;
  cleanups.push(running.stop);
  return running;
}
/** The simulator, paging by 100 as VPS.org does. */
const startSimulator = (seed: "default" | "large") =>
  stoppedAtEnd(startSimulatorProcess({ token: TOKEN, pageSize: 100, seed }));
/** The dashboard against `simulator`, with `env` on top. */
const startAppOn = (simulator: Running, env: Record<string, string> = {}) =>
  stoppedAtEnd(startApp({ VPSORG_SIMULATOR_URL: `${simulator.url}/api/v1`, VPSORG_SIMULATOR_TOKEN: TOKEN, ...env }));
const ms = (n: number) => `${n.toFixed(2)} ms`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function control(
  simulator: Running,
  pathname: string,
  body?: unknown,
  method = body === undefined ? "GET" : "POST",
) {
  const response = await fetch(`${simulator.url}/__control/${pathname}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json().catch(() => undefined) as Promise<unknown>;
}
async function upstreamRequestCount(simulator: Running): Promise<number> {
  const { requests } = (await control(simulator, "requests")) as { requests: unknown[] };
  return requests.length;
}

/** Sequential GETs over one keep-alive connection, timed with the high-resolution clock (autocannon rounds to 1 ms). */
async function serialLatencies(url: string, headers: Record<string, string>, durationS: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  const stopAt = performance.now() + durationS * 1000;
  while (performance.now() < stopAt) {
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      httpRequest(url, { agent, headers }, (response) => {
        response.on("data", () => {});
        response.on("end", () =>
          response.statusCode === 200 ? resolve() : reject(new Error(`${url} answered ${response.statusCode}`)),
        );
      })
        .on("error", reject)
        .end();
    });
    times.push(performance.now() - started);
  }
  agent.destroy();
  return times;
}
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? NaN;

/** Waits until GET /api/backups answers from the watcher's picture (snapshot_at set). */
async function pictureTaken(app: RunningApp): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await fetch(`${app.url}/api/backups`, { headers: { Cookie: app.cookie } });
    const body = (await response.json().catch(() => ({}))) as { snapshot_at?: string | null };
    if (body.snapshot_at) return;
    if (Date.now() > deadline) throw new Error("the watcher took no picture within 30 s");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

type Throughput = { p50: number; p99: number; rps: number };
type Target = { url: string; headers: Record<string, string> };

/** Median and p99 over one connection, then requests per second over 10 (autocannon). */
async function measure(target: Target, name: string): Promise<Throughput> {
  await serialLatencies(target.url, target.headers, 2); // warm-up: JIT, connections, first compile
  const serial = await serialLatencies(target.url, target.headers, seconds(10));
  const loaded = await autocannon({ ...target, connections: 10, duration: seconds(10) });
  if (loaded.non2xx || loaded.errors)
    console.warn(`  ${name}: ${loaded.non2xx} non-2xx, ${loaded.errors} errors under load`);
  return { p50: percentile(serial, 50), p99: percentile(serial, 99), rps: loaded.requests.average };
}

/**
 * Two targets of one server measured in alternating rounds (serial, then 10 connections), so that
 * what else the machine does at a moment weighs on both alike: their ratio is what is compared.
 */
async function measurePair(targets: Record<"a" | "b", Target>, rounds = 5): Promise<Record<"a" | "b", Throughput>> {
  const keys = ["a", "b"] as const;
  for (const key of keys) await serialLatencies(targets[key].url, targets[key].headers, 2); // warm-up
  const serial = { a: [] as number[], b: [] as number[] };
  const done = { a: 0, b: 0 };
  const roundS = Math.max(1, seconds(10) / rounds);
  for (let round = 0; round < rounds; round++) {
    for (const key of round % 2 ? [...keys].reverse() : keys) {
      serial[key].push(...(await serialLatencies(targets[key].url, targets[key].headers, roundS)));
      const loaded = await autocannon({ ...targets[key], connections: 10, duration: roundS });
      if (loaded.non2xx || loaded.errors)
        console.warn(`  ${targets[key].url}: ${loaded.non2xx} non-2xx, ${loaded.errors} errors under load`);
      done[key] += loaded.requests.total;
    }
  }
  const figures = (key: "a" | "b") => ({
    p50: percentile(serial[key], 50),
    p99: percentile(serial[key], 99),
    rps: done[key] / (roundS * rounds),
  });
  return { a: figures("a"), b: figures("b") };
}

// 1. Serving: the dashboard's GET /api/backups (from the watcher's picture) against a bare route
// handler of the same server (GET /api/live: no session, no store), measured in alternating rounds;
// the list straight from the simulator, and read from VPS.org when nobody watches (WATCHER=off, no cache).
async function serving() {
  console.log("\nServing GET /api/backups (65 backups), warm, beside a bare route handler of the same server");
  const simulator = await startSimulator("default");
  const watched = await startAppOn(simulator);
  const unwatched = await startAppOn(simulator, { WATCHER: "off", VPSORG_CACHE_TTL_MS: "0" });
  await pictureTaken(watched);
  const figures: Record<string, Throughput> = {};
  figures.direct = await measure(
    { url: `${simulator.url}/api/v1/backups/`, headers: { Authorization: `Bearer ${TOKEN}` } },
    "direct",
  );
  const pair = await measurePair({
    a: { url: `${watched.url}/api/live`, headers: {} },
    b: { url: `${watched.url}/api/backups`, headers: { Cookie: watched.cookie } },
  });
  figures.bare = pair.a;
  figures.picture = pair.b;
  figures.unwatched = await measure(
    { url: `${unwatched.url}/api/backups`, headers: { Cookie: unwatched.cookie } },
    "unwatched",
  );
  results.serving = figures;
  const row = (figure: string, f: Throughput, extra: Partial<Row> = {}) =>
    record({ section: "serving", figure, value: `${ms(f.p50)} / ${ms(f.p99)}, ${f.rps.toFixed(0)} req/s`, ...extra });
  row("straight to the simulator: median / p99 (1 conn), req/s (10 conns)", figures.direct!);
  row("bare route handler (GET /api/live), same server, same rounds", figures.bare!);
  row("GET /api/backups from the watcher's picture", figures.picture!);
  row("GET /api/backups with nobody watching (reads VPS.org)", figures.unwatched!);
  const ratio = figures.picture!.rps / figures.bare!.rps;
  record({
    section: "serving",
    figure: "GET /api/backups from the picture: throughput / the bare route's",
    value: `${(ratio * 100).toFixed(0)}%`,
    target: "≥ 70%",
    verdict: ratio >= 0.7 ? "meets" : "misses",
  });
  await unwatched.stop();
  await watched.stop();
  await simulator.stop();
}

const PG_URL =
  process.env.DATABASE_URL_TEST?.trim() || "postgres://dashboard_test:dashboard_test@127.0.0.1:5432/dashboard_test";

/** A fresh PostgreSQL database for one measurement (dropped at the end), or null without PostgreSQL. */
async function freshDatabase(): Promise<string | null> {
  const name = `dashboard_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  try {
    await admin.connect();
    await admin.query(`create database "${name}"`);
  } catch (error) {
    console.warn(`  PostgreSQL unavailable (${String(error)}): two instances share one SQLite file instead`);
    return null;
  } finally {
    await admin.end().catch(() => {});
  }
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`drop database if exists "${name}" with (force)`);
    await client.end();
  });
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return url.href;
}

// 2. Provider cost: N viewers polling the page's two lists every 3 s, spread over 1 or 2 instances
// on one store; the watcher polls every second (fast = idle, to count many polls in a short run).
// Every request VPS.org sees is the watcher's: the same per minute whatever the viewers and instances.
async function providerCost() {
  const cadenceMs = 1000;
  console.log(`\nProvider requests per minute (the watcher polls every ${cadenceMs / 1000} s; viewers every 3 s)`);
  const simulator = await startSimulator("default");
  const duration = seconds(30);
  const perMinute: Record<string, number> = {};
  for (const instances of [1, 2]) {
    const database =
      (await freshDatabase()) ?? `file:${path.join(mkdtempSync(path.join(tmpdir(), "bench-")), "shared.sqlite")}`;
    const shared = {
      DATABASE_URL: database,
      BETTER_AUTH_SECRET: randomBytes(32).toString("hex"),
      WATCHER_FAST_MS: String(cadenceMs),
      WATCHER_IDLE_MS: String(cadenceMs),
    };
    const apps: RunningApp[] = [];
    // One after the other: each makes sure of the admin at start.
    for (let i = 0; i < instances; i++) apps.push(await startAppOn(simulator, shared));
    await pictureTaken(apps[0]!);
    for (const viewers of [1, 50]) {
      await control(simulator, "requests", undefined, "DELETE");
      const started = Date.now();
      const stopAt = started + duration * 1000;
      await Promise.all(
        Array.from({ length: viewers }, async (_, viewer) => {
          const app = apps[viewer % apps.length]!;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 3000));
          while (Date.now() < stopAt) {
            const init = { headers: { Cookie: app.cookie } };
            await Promise.all([
              fetch(`${app.url}/api/backups`, init).then((r) => r.arrayBuffer()),
              fetch(`${app.url}/api/servers`, init).then((r) => r.arrayBuffer()),
            ]);
            await new Promise((resolve) => setTimeout(resolve, 3000));
          }
        }),
      );
      const value = ((await upstreamRequestCount(simulator)) / (Date.now() - started)) * 60_000;
      perMinute[`${instances}×${viewers}`] = value;
      record({
        section: "provider",
        figure: `${instances} instance(s), ${viewers} viewer(s): provider requests per minute`,
        value: value.toFixed(1),
        target: `${((60_000 / cadenceMs) * 2).toFixed(0)} (2 a poll)`,
      });
    }
    for (const app of apps) await app.stop();
  }
  results.providerCost = perMinute;
  const values = Object.values(perMinute);
  const spread = Math.max(...values) / Math.min(...values);
  record({
    section: "provider",
    figure: "largest / smallest of the four",
    value: `×${spread.toFixed(3)}`,
    target: "≤ 1.05",
    verdict: spread <= 1.05 ? "meets" : "misses",
  });
  await simulator.stop();
}

// 3. Size: first-load JS of the main page, gzipped, beside the framework's floor (/_not-found).
function bundleSize() {
  console.log("\nSize (first-load JS, gzipped, from .next/diagnostics/route-bundle-stats.json)");
  const stats = JSON.parse(readFileSync(path.join(root, ".next/diagnostics/route-bundle-stats.json"), "utf8")) as {
    route: string;
    firstLoadChunkPaths: string[];
  }[];
  const gzipped = (route: string) => {
    const entry = stats.find((s) => s.route === route);
    if (!entry) throw new Error(`no route ${route} in the build's route stats`);
    return entry.firstLoadChunkPaths.reduce(
      (sum, chunk) => sum + gzipSync(readFileSync(path.join(root, chunk)), { level: 9 }).length,
      0,
    );
  };
  const page = gzipped("/");
  const floor = gzipped("/_not-found");
  const above = (page - floor) / 1024;
  results.size = { mainPageGzipBytes: page, floorGzipBytes: floor, aboveFloorKiB: above };
  record({ section: "size", figure: "main page first-load JS (gzip -9)", value: `${(page / 1024).toFixed(1)} KB` });
  record({
    section: "size",
    figure: "framework floor, /_not-found (gzip -9)",
    value: `${(floor / 1024).toFixed(1)} KB`,
  });
  record({
    section: "size",
    figure: "main page above the floor",
    value: `${above.toFixed(1)} KB`,
    target: "≤ 40 KB",
    verdict: above <= 40 ? "meets" : "misses",
  });
}

// 4. Scale: 5,000 backups over 200 servers.
async function scale() {
  console.log("\nScale (5,000 backups over 200 servers; the simulator pages by 100)");
  const simulator = await startSimulator("large");
  const app = await startAppOn(simulator, { VPSORG_CACHE_TTL_MS: "0" });
  await pictureTaken(app);

  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < 6; i++) {
    const started = performance.now();
    const body = (await (await fetch(`${app.url}/api/backups`, { headers: { Cookie: app.cookie } })).json()) as {
      count: number;
    };
    if (i > 0) times.push(performance.now() - started); // the first one warms the route up
    count = body.count;
  }
  record({
    section: "scale",
    figure: `GET /api/backups, all ${count} backups from the watcher's picture (median of 5)`,
    value: ms(median(times)),
  });

  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ extraHTTPHeaders: { Cookie: app.cookie } });
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(app.url);
    await page.getByRole("table").getByRole("row").nth(1).waitFor();
    const render = Date.now() - started;
    record({ section: "scale", figure: "page load to the first rows shown", value: `${render} ms` });

    // Event Timing: from each keystroke to the next paint, as the browser measures it (INP's measure).
    await page.evaluate(() => {
      const w = window as unknown as { __durations: number[] };
      w.__durations = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries())
          if (entry.name === "keydown" || entry.name === "keyup" || entry.name === "keypress")
            w.__durations.push(entry.duration);
      }).observe({ type: "event", durationThreshold: 16, buffered: true } as PerformanceObserverInit);
    });
    const search = page.getByRole("searchbox").first();
    await search.click();
    await search.pressSequentially("web-server-1", { delay: 150 });
    await page.waitForTimeout(500); // a benchmark, not a test: let the last paint be observed
    const durations = await page.evaluate(() => (window as unknown as { __durations: number[] }).__durations);
    const worst = durations.length ? Math.max(...durations) : 0;
    results.scale = { apiMedianMs: median(times), renderMs: render, keystrokeDurations: durations };
    record({
      section: "scale",
      figure: "filter keystroke to next paint: worst (Event Timing, ≥16 ms kept)",
      value: durations.length ? `${worst.toFixed(0)} ms (${durations.length} slow events)` : "< 16 ms (no slow event)",
      target: "< 100 ms",
      verdict: worst < 100 ? "meets" : "misses",
    });
  } finally {
    await browser.close();
  }
  await app.stop();
  await simulator.stop();
}

// 5. Lighthouse on the main page (default seed), desktop and mobile presets.
async function lighthouseScores() {
  console.log("\nLighthouse 12.2.3 (main page, simulator seed)");
  const simulator = await startSimulator("default");
  const app = await startAppOn(simulator);
  const { default: lighthouse } = await import("lighthouse");
  const { default: desktopConfig } = await import("lighthouse/core/config/desktop-config.js");
  const chromeLauncher = await import("chrome-launcher");
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM_PATH,
    chromeFlags: ["--headless=new", ...CHROMIUM_ARGS],
  });
  try {
    // One unmeasured visit first: the first request after start compiles and warms the server.
    await fetch(`${app.url}/`, { headers: { Cookie: app.cookie } }).then((r) => r.arrayBuffer());
    const scores: Record<string, Record<string, number>> = {};
    for (const [preset, config] of [
      ["desktop", desktopConfig],
      ["mobile", undefined],
    ] as const) {
      const result = await lighthouse(
        `${app.url}/`,
        {
          port: chrome.port,
          output: "json",
          logLevel: "error",
          onlyCategories: ["performance", "accessibility"],
          extraHeaders: { Cookie: app.cookie },
        },
        config,
      );
      if (result?.lhr.finalDisplayedUrl && new URL(result.lhr.finalDisplayedUrl).pathname !== "/")
        throw new Error(`Lighthouse ended on ${result.lhr.finalDisplayedUrl}`);
      const categories = result?.lhr.categories ?? {};
      const performance = Math.round((categories.performance?.score ?? 0) * 100);
      const accessibility = Math.round((categories.accessibility?.score ?? 0) * 100);
      const audits = result?.lhr.audits ?? {};
      const metric = (id: string) => audits[id]?.numericValue ?? NaN;
      scores[preset] = {
        performance,
        accessibility,
        fcpMs: metric("first-contentful-paint"),
        lcpMs: metric("largest-contentful-paint"),
        tbtMs: metric("total-blocking-time"),
        cls: metric("cumulative-layout-shift"),
        siMs: metric("speed-index"),
      };
      const m = scores[preset]!;
      console.log(
        `  ${preset}: FCP ${m.fcpMs!.toFixed(0)} ms, LCP ${m.lcpMs!.toFixed(0)} ms, TBT ${m.tbtMs!.toFixed(0)} ms, CLS ${m.cls!.toFixed(3)}, SI ${m.siMs!.toFixed(0)} ms`,
      );
      record({
        section: "lighthouse",
        figure: `${preset}: performance`,
        value: String(performance),
        target: "≥ 95",
        verdict: performance >= 95 ? "meets" : "misses",
      });
      record({
        section: "lighthouse",
        figure: `${preset}: accessibility`,
        value: String(accessibility),
        target: "100",
        verdict: accessibility === 100 ? "meets" : "misses",
      });
    }
    results.lighthouse = scores;
  } finally {
    chrome.kill();
  }
  await app.stop();
  await simulator.stop();
}

async function main() {
  if (!args.has("--no-build") || !existsSync(path.join(root, ".next", "BUILD_ID"))) {
    console.log("Building the production bundle (next build)…");
    await run("next", ["build"]);
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  console.log(`Machine: ${machine}`);
  results.machine = machine;
  results.date = new Date().toISOString();

  if (only.has("size")) bundleSize();
  if (only.has("serving")) await serving();
  if (only.has("provider")) await providerCost();
  if (only.has("scale")) await scale();
  if (only.has("lighthouse")) await lighthouseScores();

  console.log("\n| section | figure | value | target | |\n|---|---|---|---|---|");
  for (const row of rows)
    console.log(`| ${row.section} | ${row.figure} | ${row.value} | ${row.target ?? ""} | ${row.verdict ?? ""} |`);
  mkdirSync(path.join(root, "bench-results"), { recursive: true });
  writeFileSync(path.join(root, "bench-results", "latest.json"), JSON.stringify({ ...results, rows }, null, 2));
  console.log("\nWrote bench-results/latest.json");
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  });

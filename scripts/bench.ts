// npm run bench — measures the dashboard against the simulator on this machine and prints a
// table; writes bench-results/latest.json. Not a test: it never fails on a figure.
import autocannon from "autocannon";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { Agent, request as httpRequest } from "node:http";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium";
import { root, run, startApp, startSimulatorProcess, type Running } from "./bench/processes";

const TOKEN = "vps_bench_token";
const args = new Set(process.argv.slice(2));
const quick = args.has("--quick"); // shorter runs, for trying the script itself
// --only=size,proxy,scale,lighthouse runs some sections (proxy includes fan-in).
const only = new Set(
  (
    process.argv.find((arg) => arg.startsWith("--only="))?.slice("--only=".length) ?? "size,proxy,scale,lighthouse"
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

// 1. Proxy overhead: the dashboard's GET /api/backups vs the same list straight from the simulator.
async function proxyOverhead() {
  console.log("\nProxy overhead (GET /api/backups, 65 backups, one upstream page)");
  const simulator = await startSimulator("default");
  const cold = await startAppOn(simulator, { VPSORG_CACHE_TTL_MS: "0" });
  const warm = await startAppOn(simulator);

  const targets = {
    direct: { url: `${simulator.url}/api/v1/backups/`, headers: { Authorization: `Bearer ${TOKEN}` } },
    cold: { url: `${cold.url}/api/backups`, headers: { Cookie: cold.cookie } },
    warm: { url: `${warm.url}/api/backups`, headers: { Cookie: warm.cookie } },
  };
  const figures: Record<string, { p50: number; p99: number; rps: number }> = {};
  for (const [name, target] of Object.entries(targets)) {
    await serialLatencies(target.url, target.headers, 2); // warm-up: JIT, connections, first compile
    const serial = await serialLatencies(target.url, target.headers, seconds(10));
    const loaded = await autocannon({ ...target, connections: 10, duration: seconds(10) });
    if (loaded.non2xx || loaded.errors)
      console.warn(`  ${name}: ${loaded.non2xx} non-2xx, ${loaded.errors} errors under load`);
    figures[name] = { p50: percentile(serial, 50), p99: percentile(serial, 99), rps: loaded.requests.average };
  }
  results.proxyOverhead = figures;
  const {
    direct,
    cold: c,
    warm: w,
  } = figures as Record<"direct" | "cold" | "warm", { p50: number; p99: number; rps: number }>;
  record({
    section: "proxy",
    figure: "direct to simulator: median / p99 latency (1 conn)",
    value: `${ms(direct.p50)} / ${ms(direct.p99)}`,
  });
  record({ section: "proxy", figure: "direct to simulator: requests/s (10 conns)", value: direct.rps.toFixed(0) });
  for (const [label, f] of [
    ["cold cache", c],
    ["warm cache", w],
  ] as const) {
    const added = f.p50 - direct.p50;
    const ratio = f.rps / direct.rps;
    record({
      section: "proxy",
      figure: `dashboard, ${label}: median / p99 latency`,
      value: `${ms(f.p50)} / ${ms(f.p99)}`,
    });
    record({
      section: "proxy",
      figure: `dashboard, ${label}: added at the median`,
      value: ms(added),
      target: label === "cold cache" ? "≤ 2 ms" : "",
      verdict: label === "cold cache" ? (added <= 2 ? "meets" : "misses") : "",
    });
    record({
      section: "proxy",
      figure: `dashboard, ${label}: requests/s (ratio to direct)`,
      value: `${f.rps.toFixed(0)} (${(ratio * 100).toFixed(0)}%)`,
      target: label === "cold cache" ? "≥ 50%" : "",
      verdict: label === "cold cache" ? (ratio >= 0.5 ? "meets" : "misses") : "",
    });
  }

  // 2. Fan-in: N viewers polling like the page does while a backup runs (every 3 s).
  console.log("\nFan-in (viewers polling /api/backups and /api/servers every 3 s)");
  const fanIn: Record<string, number> = {};
  const duration = seconds(30);
  for (const viewers of [1, 10, 50]) {
    await control(simulator, "requests", undefined, "DELETE");
    const stopAt = Date.now() + duration * 1000;
    await Promise.all(
      Array.from({ length: viewers }, async () => {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 3000));
        while (Date.now() < stopAt) {
          const init = { headers: { Cookie: warm.cookie } };
          await Promise.all([
            fetch(`${warm.url}/api/backups`, init).then((r) => r.arrayBuffer()),
            fetch(`${warm.url}/api/servers`, init).then((r) => r.arrayBuffer()),
          ]);
          await new Promise((resolve) => setTimeout(resolve, 3000));
        }
      }),
    );
    const perMinute = ((await upstreamRequestCount(simulator)) / duration) * 60;
    fanIn[viewers] = perMinute;
    record({
      section: "fan-in",
      figure: `${viewers} viewer(s): provider requests per minute`,
      value: `${perMinute.toFixed(0)} (×${(perMinute / fanIn[1]!).toFixed(2)} of 1 viewer)`,
    });
  }
  results.fanIn = fanIn;
  // Past the point where viewers poll more often than the cache lives, the provider sees at most
  // one walk of each list per TTL (2 s → 60 a minute for two lists), however many viewers there are.
  const spread = fanIn[50]! / fanIn[10]!;
  record({
    section: "fan-in",
    figure: "50 viewers vs 10 viewers (both past the cache's ceiling)",
    value: `×${spread.toFixed(2)}`,
    target: "independent of viewers",
    verdict: spread <= 1.2 ? "meets" : "misses",
  });

  await warm.stop();
  await cold.stop();
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
    figure: `GET /api/backups, all ${count} backups merged (median of 5)`,
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
  if (only.has("proxy")) await proxyOverhead();
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

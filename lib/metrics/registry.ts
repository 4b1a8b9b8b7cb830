import "server-only";
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";
import type { ProviderRequestSample } from "@/lib/vpsorg/transport";

// The dashboard's Prometheus registry (GET /api/metrics) and what each process counts itself: the
// requests it sent to VPS.org (by operation and outcome, with their latency) and the /api requests it
// answered. These are per instance — Prometheus scrapes each instance and sums them. What is true of
// the account (backups, health, the circuit breaker, the watcher, deliveries) is read from the store
// when scraped (lib/metrics/server/account-metrics.ts), so every instance answers the same.
//
// A registry of our own, on globalThis: Next.js may load this module once per route bundle (and
// again on every reload under `next dev`), and a metric registered twice is an error in prom-client.

export const METRIC_PREFIX = "dashboard_";

interface Instruments {
  registry: Registry;
  providerRequests: Counter<"operation" | "outcome">;
  providerDuration: Histogram<"operation" | "outcome">;
  httpRequests: Counter<"method" | "route" | "status">;
  httpDuration: Histogram<"method" | "route">;
}

const INSTRUMENTS = Symbol.for("vpsorg-dashboard.metrics");
const holder = globalThis as typeof globalThis & { [INSTRUMENTS]?: Instruments };

/** Seconds: from a cached list (milliseconds) to a timed-out request (VPSORG_TIMEOUT_MS is at most 120 s). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

function create(): Instruments {
  const registry = new Registry();
  // The process's own: CPU, memory, event-loop lag, garbage collection (prom-client's names).
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    providerRequests: new Counter({
      name: `${METRIC_PREFIX}provider_requests_total`,
      help: "Requests this instance sent to VPS.org (each attempt of a retried GET, each page of a list), by operation and outcome; outcome circuit_open counts the ones the open circuit breaker did not send.",
      labelNames: ["operation", "outcome"],
      registers: [registry],
    }),
    providerDuration: new Histogram({
      name: `${METRIC_PREFIX}provider_request_duration_seconds`,
      help: "How long this instance's requests to VPS.org took, body included, by operation and outcome.",
      labelNames: ["operation", "outcome"],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    httpRequests: new Counter({
      name: `${METRIC_PREFIX}http_requests_total`,
      help: "The dashboard's /api requests this instance answered, by method, route and status.",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: `${METRIC_PREFIX}http_request_duration_seconds`,
      help: "How long this instance took to answer its /api requests (until the answer's headers), by method and route.",
      labelNames: ["method", "route"],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
  };
}

/** Whether /api/metrics is on (METRICS_TOKEN is set): with it off, nothing is counted or monitored. */
export function metricsEnabled(): boolean {
  return Boolean(process.env.METRICS_TOKEN?.trim());
}

export function instruments(): Instruments {
  holder[INSTRUMENTS] ??= create();
  return holder[INSTRUMENTS];
}

/** The transport's observer (lib/vpsorg/server.ts): one sample per request to VPS.org. */
export function recordProviderRequest(sample: ProviderRequestSample): void {
  if (!metricsEnabled()) return;
  const { providerRequests, providerDuration } = instruments();
  const labels = { operation: sample.operation, outcome: sample.outcome };
  providerRequests.inc(labels);
  if (sample.seconds !== null) providerDuration.observe(labels, sample.seconds);
}

/** One answered /api request (lib/api/route.ts). */
export function recordHttpRequest(method: string, route: string, status: number, seconds: number): void {
  if (!metricsEnabled()) return;
  const { httpRequests, httpDuration } = instruments();
  httpRequests.inc({ method, route, status: String(status) });
  httpDuration.observe({ method, route }, seconds);
}

import "server-only";
import type * as z from "zod";
import {
  circuitSettings,
  createMemoryCircuitBreaker,
  type CircuitBreaker,
  type CircuitOutcome,
  type CircuitSettings,
  type CircuitStatus,
} from "@/lib/vpsorg/circuit-breaker";
import { VpsorgError, kindForStatus, parseDrfError, parseRetryAfter, type VpsorgErrorKind } from "@/lib/vpsorg/errors";
import { operationOf, type VpsorgOperation } from "@/lib/vpsorg/operations";
import { ReadCache } from "@/lib/vpsorg/read-cache";
import { DEFAULT_RETRY, retryDelayMs, type RetryOptions } from "@/lib/vpsorg/retry-policy";
import { upstreamPageSchema } from "@/lib/vpsorg/schemas";

export interface TransportOptions {
  baseUrl: string; // e.g. https://admin.vps.org/api/v1, no trailing slash
  token: string;
  timeoutMs: number;
  /** Hard cap on pages followed for one list; past it the list fails rather than being cut short. */
  maxPages?: number;
  /** Retries of failed requests (see retry-policy.ts); defaults: DEFAULT_RETRY. */
  retry?: Partial<RetryOptions>;
  /**
   * The circuit breaker in front of the provider: the app's, kept in the store and shared by every
   * instance (stored-circuit-breaker.ts), or the settings of one of this transport's own, in memory
   * (defaults: DEFAULT_BREAKER).
   */
  breaker?: CircuitBreaker | Partial<Pick<CircuitSettings, "failureThreshold" | "cooldownMs">>;
  /** How long list answers are kept (ms); 0, the default, keeps nothing. */
  cacheTtlMs?: number;
  fetch?: typeof fetch;
  /** Told of every request sent to VPS.org, and of every one the open circuit did not send (the metrics). */
  observe?: (sample: ProviderRequestSample) => void;
  /** Clock, sleep and randomness, injectable for tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export type Query = Record<string, string | number | undefined>;

/** One request to VPS.org as the metrics count it. */
export interface ProviderRequestSample {
  operation: VpsorgOperation;
  /** `success`, the VpsorgError kind of a failure (`error` for anything else), or `circuit_open`: not sent. */
  outcome: VpsorgErrorKind | "success" | "error";
  /** How long it took, the body included; null when it was not sent. */
  seconds: number | null;
}

export interface RequestSpec {
  method: "GET" | "POST" | "DELETE";
  /** Path under the base URL, with its leading and trailing slash: `/backups/`. */
  path: string;
  query?: Query;
  body?: unknown;
}

export interface RawResponse {
  status: number;
  /** Parsed JSON, `undefined` for an empty body. */
  body: unknown;
}

export interface VpsorgTransport {
  /**
   * Sends one request; a non-2xx answer or a body that is not JSON throws a VpsorgError. GETs are
   * retried and identical concurrent GETs share one request; a POST or DELETE invalidates the cache.
   */
  send(spec: RequestSpec, options?: { allowNonJson?: boolean }): Promise<RawResponse>;
  /**
   * Follows DRF `next` links until null and merges every page's results (deduplicated by id).
   * Identical concurrent lists share one walk; the result is kept for `cacheTtlMs`.
   */
  listAll<T extends { id: number }>(path: string, query: Query, item: z.ZodType<T>): Promise<T[]>;
  /** The circuit breaker's state, for /api/health; null when it cannot be read (the store is unreachable). */
  circuit(): Promise<CircuitStatus | null>;
  readonly baseUrl: string;
}

export const DEFAULT_MAX_PAGES = 500;

export function createVpsorgTransport(options: TransportOptions): VpsorgTransport {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const base = new URL(`${baseUrl}/`);
  const doFetch = options.fetch ?? fetch;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...definedOnly(options.retry ?? {}) };
  const breaker = isBreaker(options.breaker)
    ? options.breaker
    : createMemoryCircuitBreaker(circuitSettings(options.timeoutMs, definedOnly(options.breaker ?? {})), now);
  const reads = new ReadCache({ ttlMs: options.cacheTtlMs ?? 0, now });
  const observe = options.observe ?? (() => {});

  function buildUrl(path: string, query: Query = {}): URL {
    const url = new URL(`${baseUrl}${path}`);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  async function fetchOnce(
    url: URL,
    spec: Pick<RequestSpec, "method" | "body">,
    allowNonJson: boolean,
  ): Promise<RawResponse> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${options.token}`,
      Accept: "application/json",
    };
    if (spec.body !== undefined) headers["Content-Type"] = "application/json";
    const what = `${spec.method} ${url.pathname}`;

    let response: Response;
    let text: string;
    const signal = AbortSignal.timeout(options.timeoutMs);
    try {
      response = await doFetch(url, {
        method: spec.method,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal,
        redirect: "error", // a redirect could carry the token elsewhere
        cache: "no-store",
      });
      // The timeout covers the body too: a provider that stalls mid-body is a timeout.
      text = await readText(response, signal);
    } catch (error) {
      if (signal.aborted) {
        throw new VpsorgError({
          kind: "timeout",
          message: `VPS.org did not answer ${what} within ${formatMs(options.timeoutMs)}.`,
          cause: error,
        });
      }
      const code = networkCode(error);
      throw new VpsorgError({
        kind: "network",
        message: `VPS.org could not be reached (${networkReason(code)}).`,
        networkCode: code,
        cause: error,
      });
    }

    const body = parseJson(text);
    if (!response.ok) {
      const drf = parseDrfError(body.ok ? body.value : undefined);
      const statusText = `${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
      throw new VpsorgError({
        kind: kindForStatus(response.status),
        status: response.status,
        message: drf.message ?? `VPS.org answered ${statusText}.`,
        fields: drf.fields,
        retryAfterSeconds:
          response.status === 429 || response.status === 503
            ? parseRetryAfter(response.headers.get("retry-after"))
            : undefined,
      });
    }
    if (!body.ok) {
      if (allowNonJson) return { status: response.status, body: undefined };
      throw new VpsorgError({
        kind: "malformed",
        status: response.status,
        message: `VPS.org sent a response to ${what} that is not valid JSON.`,
      });
    }
    return { status: response.status, body: body.value };
  }

  /** One request through the circuit breaker, retried as retry-policy.ts allows. */
  async function fetchResilient(
    url: URL,
    spec: Pick<RequestSpec, "method" | "body">,
    allowNonJson: boolean,
    operation: VpsorgOperation,
  ): Promise<RawResponse> {
    const startedAt = now();
    for (let attempt = 1; ; attempt++) {
      const decision = await breaker.acquire();
      if (!decision.allowed) {
        observe({ operation, outcome: "circuit_open", seconds: null });
        throw circuitOpen(decision.status, now());
      }
      let answer: { response: RawResponse } | { failure: unknown };
      const sentAt = performance.now();
      try {
        answer = { response: await fetchOnce(url, spec, allowNonJson) };
      } catch (failure) {
        answer = { failure };
      }
      observe({
        operation,
        outcome:
          "response" in answer ? "success" : answer.failure instanceof VpsorgError ? answer.failure.kind : "error",
        seconds: (performance.now() - sentAt) / 1000,
      });
      await breaker.settle(decision.permit, "response" in answer ? "succeeded" : outcomeOf(answer.failure));
      if ("response" in answer) return answer.response;
      const delay = retryDelayMs(
        answer.failure,
        { method: spec.method, attempt, elapsedMs: now() - startedAt },
        retry,
        random,
      );
      if (delay === undefined) throw answer.failure;
      await sleep(delay);
    }
  }

  async function walk<T extends { id: number }>(first: URL, path: string, item: z.ZodType<T>): Promise<T[]> {
    const operation = operationOf("GET", path);
    const byId = new Map<number, T>();
    const seen = new Set<string>();
    let url: URL | null = first;
    for (let page = 1; url; page++) {
      if (page > maxPages) {
        throw new VpsorgError({
          kind: "malformed",
          message: `VPS.org's list ${path} has more than ${maxPages} pages; the dashboard stopped rather than show part of it.`,
        });
      }
      seen.add(url.href);
      const { body } = await fetchResilient(url, { method: "GET" }, false, operation);
      const parsed = upstreamPageSchema.safeParse(body);
      if (!parsed.success) throw malformed(path, "it is not a {count, results} list");
      for (const raw of parsed.data.results) {
        const result = item.safeParse(raw);
        if (!result.success)
          throw malformed(
            path,
            `an item does not match the contract (${result.error.issues[0]?.path.join(".") || "shape"})`,
          );
        // A row created or deleted between two page requests shifts the pages; keep one copy.
        byId.set(result.data.id, result.data);
      }
      url = nextPage(parsed.data.next ?? null, path, seen);
    }
    return [...byId.values()];
  }

  return {
    baseUrl,

    async send(spec, sendOptions = {}) {
      const url = buildUrl(spec.path, spec.query);
      const allowNonJson = sendOptions.allowNonJson ?? false;
      const operation = operationOf(spec.method, spec.path);
      if (spec.method === "GET") {
        return reads.read(
          `send ${allowNonJson} ${url.href}`,
          () => fetchResilient(url, spec, allowNonJson, operation),
          { cache: false },
        );
      }
      // Success or failure (a failed create may still have created something), the lists change.
      reads.invalidate();
      try {
        return await fetchResilient(url, spec, allowNonJson, operation);
      } finally {
        reads.invalidate();
      }
    },

    async listAll(path, query, item) {
      const first = buildUrl(path, query);
      const items = await reads.read(`list ${first.href}`, () => walk(first, path, item), {
        cache: true,
        cacheError: isSettledAnswer,
      });
      return [...items]; // a copy: callers may sort it
    },

    circuit: () => breaker.status(),
  };

  function nextPage(next: string | null, path: string, seen: Set<string>): URL | null {
    if (!next) return null;
    let url: URL;
    try {
      url = new URL(next, base);
    } catch {
      throw malformed(path, "its next-page link is not a URL");
    }
    // The token goes with every request: never follow a link off the provider's API.
    if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) {
      throw malformed(path, "its next-page link points outside the VPS.org API");
    }
    if (seen.has(url.href)) throw malformed(path, "its next-page links go round in a loop");
    return url;
  }
}

function malformed(path: string, why: string): VpsorgError {
  return new VpsorgError({ kind: "malformed", message: `VPS.org's answer to ${path} could not be read: ${why}.` });
}

/** `response.text()` that gives up when the signal aborts, whatever the body stream does. */
function readText(response: Response, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason);
      response.body?.cancel().catch(() => {});
    };
    signal.addEventListener("abort", onAbort, { once: true });
    response
      .text()
      .then(resolve, reject)
      .finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * What a failed request tells the breaker: no answer, a timeout or a 5xx count towards opening the
 * circuit; any other answer proves the provider is up; an error of ours tells nothing.
 */
function outcomeOf(failure: unknown): CircuitOutcome {
  if (!(failure instanceof VpsorgError)) return "released";
  return failure.kind === "network" || failure.kind === "timeout" || failure.kind === "server_error"
    ? "failed"
    : "succeeded";
}

function isBreaker(value: TransportOptions["breaker"]): value is CircuitBreaker {
  return typeof value === "object" && "acquire" in value;
}

/** Answers asking again within the cache's TTL would not change; kept like a list so a team polling does not repeat them. */
function isSettledAnswer(error: unknown): boolean {
  return (
    error instanceof VpsorgError &&
    (error.kind === "forbidden" || error.kind === "unauthorized" || error.kind === "not_found")
  );
}

function circuitOpen(status: CircuitStatus, now: number): VpsorgError {
  const seconds = status.retryAt === null ? 0 : Math.max(1, Math.ceil((status.retryAt - now) / 1000));
  const when = status.retryAt === null ? "is checking right now whether it is back" : `will try again in ${seconds} s`;
  return new VpsorgError({
    kind: "circuit_open",
    message: `VPS.org appears to be down (${status.failures} failed requests in a row); the dashboard stopped calling it for a while and ${when}.`,
    retryAfterSeconds: Math.max(1, seconds),
  });
}

function networkCode(error: unknown): string | undefined {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return typeof cause === "object" && cause !== null && "code" in cause
    ? String((cause as { code: unknown }).code)
    : undefined;
}

function networkReason(code: string | undefined): string {
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "connection dropped";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host not found";
  return code ?? "network error";
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

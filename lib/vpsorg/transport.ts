import "server-only";
import type * as z from "zod";
import { VpsorgError, kindForStatus, parseDrfError, parseRetryAfter } from "@/lib/vpsorg/errors";
import { upstreamPageSchema } from "@/lib/vpsorg/schemas";

export interface TransportOptions {
  baseUrl: string; // e.g. https://admin.vps.org/api/v1, no trailing slash
  token: string;
  timeoutMs: number;
  /** Hard cap on pages followed for one list; past it the list fails rather than being cut short. */
  maxPages?: number;
  fetch?: typeof fetch;
}

export type Query = Record<string, string | number | undefined>;

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
  /** Sends one request; a non-2xx answer or a body that is not JSON throws a VpsorgError. */
  send(spec: RequestSpec, options?: { allowNonJson?: boolean }): Promise<RawResponse>;
  /** Follows DRF `next` links until null and merges every page's results (deduplicated by id). */
  listAll<T extends { id: number }>(path: string, query: Query, item: z.ZodType<T>): Promise<T[]>;
  readonly baseUrl: string;
}

export const DEFAULT_MAX_PAGES = 500;

export function createVpsorgTransport(options: TransportOptions): VpsorgTransport {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const base = new URL(`${baseUrl}/`);
  const doFetch = options.fetch ?? fetch;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;

  function buildUrl(path: string, query: Query = {}): URL {
    const url = new URL(`${baseUrl}${path}`);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  async function fetchOnce(url: URL, spec: Pick<RequestSpec, "method" | "body">, allowNonJson: boolean): Promise<RawResponse> {
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
        throw new VpsorgError({ kind: "timeout", message: `VPS.org did not answer ${what} within ${formatMs(options.timeoutMs)}.`, cause: error });
      }
      throw new VpsorgError({ kind: "network", message: `VPS.org could not be reached (${networkReason(error)}).`, cause: error });
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
        retryAfterSeconds: response.status === 429 || response.status === 503 ? parseRetryAfter(response.headers.get("retry-after")) : undefined,
      });
    }
    if (!body.ok) {
      if (allowNonJson) return { status: response.status, body: undefined };
      throw new VpsorgError({ kind: "malformed", status: response.status, message: `VPS.org sent a response to ${what} that is not valid JSON.` });
    }
    return { status: response.status, body: body.value };
  }

  return {
    baseUrl,

    send(spec, sendOptions = {}) {
      return fetchOnce(buildUrl(spec.path, spec.query), spec, sendOptions.allowNonJson ?? false);
    },

    async listAll(path, query, item) {
      const byId = new Map<number, z.infer<typeof item>>();
      const seen = new Set<string>();
      let url: URL | null = buildUrl(path, query);
      for (let page = 1; url; page++) {
        if (page > maxPages) {
          throw new VpsorgError({
            kind: "malformed",
            message: `VPS.org's list ${path} has more than ${maxPages} pages; the dashboard stopped rather than show part of it.`,
          });
        }
        seen.add(url.href);
        const { body } = await fetchOnce(url, { method: "GET" }, false);
        const parsed = upstreamPageSchema.safeParse(body);
        if (!parsed.success) throw malformed(path, "it is not a {count, results} list");
        for (const raw of parsed.data.results) {
          const result = item.safeParse(raw);
          if (!result.success) throw malformed(path, `an item does not match the contract (${result.error.issues[0]?.path.join(".") || "shape"})`);
          // A row created or deleted between two page requests shifts the pages; keep one copy.
          byId.set(result.data.id, result.data);
        }
        url = nextPage(parsed.data.next ?? null, path, seen);
      }
      return [...byId.values()];
    },
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

function networkReason(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = typeof cause === "object" && cause !== null && "code" in cause ? String((cause as { code: unknown }).code) : undefined;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "connection dropped";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host not found";
  return code ?? "network error";
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { parseEnv } from "@/lib/config/env-schema";
import { ApiError } from "@/lib/http/server/api-error";
import { instruments } from "@/lib/metrics/registry";
import { registerAccountMetrics } from "@/lib/metrics/server/account-metrics";

// GET /api/metrics: the Prometheus text format, for a scraper holding METRICS_TOKEN as its Bearer
// token. Off (404) while the variable is unset; 401 with `WWW-Authenticate: Bearer` without the right
// token, compared in constant time. The token is read here only, on the server, and never logged.

let token: string | null | undefined;

function metricsToken(): string | null {
  token ??= parseEnv(process.env).METRICS_TOKEN ?? null;
  return token;
}

/** Whether `authorization` is `Bearer <expected>`, in a time that does not depend on how much of it matches. */
export function bearerMatches(authorization: string | null, expected: string): boolean {
  const sent = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? "")?.[1] ?? "";
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(sent), digest(expected)) && sent.length > 0;
}

export async function metricsResponse(request: Request): Promise<Response> {
  const expected = metricsToken();
  if (!expected)
    throw new ApiError("not_found", "Not found: the metrics are off on this dashboard (METRICS_TOKEN is unset).");
  if (!bearerMatches(request.headers.get("authorization"), expected))
    throw new ApiError("unauthenticated", "Send the metrics token (METRICS_TOKEN) as `Authorization: Bearer …`.", {
      headers: { "WWW-Authenticate": 'Bearer realm="metrics"' },
    });
  const { registry } = instruments();
  registerAccountMetrics(registry);
  return new Response(await registry.metrics(), {
    headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
  });
}

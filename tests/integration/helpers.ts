import { expect, inject } from "vitest";
import { apiErrorBodySchema, type ApiErrorCode } from "@/lib/http/api-error";
import { CANARY_TOKEN } from "../canary";

export const appUrl = () => inject("appUrl");
/** The second dashboard server, with the list cache on (see global-setup.ts). */
export const cachedAppUrl = () => inject("cachedAppUrl");
export const simulatorUrl = () => inject("simulatorUrl");

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: "valid" | "invalid" | "missing";
  body: unknown;
  /** The simulator's answer; null while pending or for a dropped connection. */
  status: number | null;
}

/** Every response the tests saw, so one test can check that none carried the token. */
export const seenResponses: { url: string; status: number; headers: string; body: string }[] = [];

export async function api(
  path: string,
  init: RequestInit = {},
  base: string = appUrl(),
): Promise<{ status: number; headers: Headers; body: unknown; text: string }> {
  const response = await fetch(`${base}${path}`, init);
  const text = await response.text();
  seenResponses.push({ url: path, status: response.status, headers: JSON.stringify([...response.headers]), body: text });
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: response.status, headers: response.headers, body, text };
}

export const postJson = (path: string, body: unknown, headers: Record<string, string> = {}, base: string = appUrl()) =>
  api(path, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) }, base);

export async function control(path: string, body?: unknown, method = body === undefined ? "GET" : "POST"): Promise<unknown> {
  const response = await fetch(`${simulatorUrl()}/__control/${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`control ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

export async function upstreamRequests(): Promise<LoggedRequest[]> {
  const { requests } = (await control("requests")) as { requests: LoggedRequest[] };
  return requests;
}

export const clearRequestLog = () => control("requests", undefined, "DELETE");
export const resetSimulator = () => control("reset", {});
export const addFault = (fault: Record<string, unknown>) => control("faults", fault);
export const clearFaults = () => control("faults", undefined, "DELETE");

/** Asserts the answer is the error envelope with this code and its status. */
export function expectError(result: { status: number; body: unknown }, code: ApiErrorCode, status: number) {
  expect(result.status, JSON.stringify(result.body)).toBe(status);
  const parsed = apiErrorBodySchema.parse(result.body);
  expect(parsed.error.code).toBe(code);
  expect(parsed.error.message.length).toBeGreaterThan(0);
  return parsed.error;
}

/** Waits until the dashboard's circuit breaker has closed again (the cool-down is 1 s in these tests). */
export async function waitForClosedCircuit(base: string = appUrl()): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const { body } = await api("/api/health", {}, base);
    if ((body as { provider?: { circuit?: string } }).provider?.circuit === "closed") return;
    if (Date.now() > deadline) throw new Error(`the circuit did not close: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The server with the most room for manual backups (the provider allows 10 each), read from the simulator itself. */
export async function serverWithRoom(): Promise<number> {
  const counts = new Map<number, number>();
  for (const server of await simulatorList<{ id: number }>("/servers/")) counts.set(server.id, 0);
  for (const backup of await simulatorList<{ server: { id: number } }>("/backups/?backup_type=manual")) {
    counts.set(backup.server.id, (counts.get(backup.server.id) ?? 0) + 1);
  }
  const [best] = [...counts].sort(([, a], [, b]) => a - b);
  if (!best || best[1] > 4) throw new Error("no server has room for several more manual backups; reset the simulator");
  return best[0];
}

async function simulatorList<T>(path: string): Promise<T[]> {
  const all: T[] = [];
  let next: string | null = `${simulatorUrl()}/api/v1${path}`;
  while (next) {
    const response = await fetch(next, { headers: { Authorization: `Bearer ${CANARY_TOKEN}` } });
    const page = (await response.json()) as { next: string | null; results: T[] };
    all.push(...page.results);
    next = page.next;
  }
  return all;
}

import { randomBytes } from "node:crypto";
import { expect, inject } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { apiErrorBodySchema, type ApiErrorCode } from "@/lib/http/api-error";
import { CANARY_TOKEN } from "../canary";
import { ADMIN } from "./app-process";

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

export interface ApiResult {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

/** Every response the tests saw, so one test can check that none carried a secret. */
export const seenResponses: { url: string; status: number; headers: string; body: string }[] = [];

/** Who a request is sent as: a role (a user of that role, signed in once per server and test file) or nobody. */
export type Caller = Role | "anonymous";

/** A request as an admin: what every test sends unless it is about who may do what. */
export function api(path: string, init: RequestInit = {}, base: string = appUrl()): Promise<ApiResult> {
  return apiAs("admin", path, init, base);
}

export async function apiAs(
  caller: Caller | { cookie: string },
  path: string,
  init: RequestInit = {},
  base: string = appUrl(),
): Promise<ApiResult> {
  const headers = new Headers(init.headers);
  const cookie =
    typeof caller === "object" ? caller.cookie : caller === "anonymous" ? null : await sessionCookie(caller, base);
  if (cookie) headers.set("cookie", cookie);
  return send(`${base}${path}`, { ...init, headers });
}

export async function send(url: string, init: RequestInit = {}): Promise<ApiResult> {
  const response = await fetch(url, init);
  const text = await response.text();
  seenResponses.push({ url, status: response.status, headers: JSON.stringify([...response.headers]), body: text });
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: response.status, headers: response.headers, body, text };
}

export const postJson = (path: string, body: unknown, headers: Record<string, string> = {}, base: string = appUrl()) =>
  api(
    path,
    { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) },
    base,
  );

export const jsonRequest = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { "Content-Type": "application/json", ...headers },
  body: JSON.stringify(body),
});

// Sessions -----------------------------------------------------------------------------------------

export const TEST_PASSWORD = "integration test password";

/** Signs in with email and password over HTTP, as the sign-in page does. */
export function signIn(
  email: string,
  password: string,
  options: { base?: string; ip?: string } = {},
): Promise<ApiResult> {
  const base = options.base ?? appUrl();
  const headers: Record<string, string> = { "Content-Type": "application/json", Origin: base };
  if (options.ip) headers["X-Forwarded-For"] = options.ip;
  return send(`${base}/api/auth/sign-in/email`, { method: "POST", headers, body: JSON.stringify({ email, password }) });
}

/** The Cookie header a browser would send back after this response. */
export function cookieFrom(result: { headers: Headers }): string {
  return result.headers
    .getSetCookie()
    .map((line) => line.split(";")[0]!)
    .filter((pair) => !pair.endsWith("="))
    .join("; ");
}

/** Signs in and returns the session cookie; fails the test if the sign-in fails. */
export async function signedInCookie(email: string, password: string, base: string = appUrl()): Promise<string> {
  const result = await signIn(email, password, { base });
  expect(result.status, `sign-in of ${email}: ${result.text}`).toBe(200);
  const cookie = cookieFrom(result);
  expect(cookie).toMatch(/session_token=/);
  return cookie;
}

/** Adds a user through the admin API; returns it with its password. */
export async function addUser(
  role: Role,
  base: string = appUrl(),
  label: string = role,
): Promise<{ id: string; email: string; password: string }> {
  const email = `${label}-${randomBytes(4).toString("hex")}@integration.test`;
  const result = await api(
    "/api/users",
    jsonRequest("POST", { email, name: `${label} user`, password: TEST_PASSWORD, role }),
    base,
  );
  expect(result.status, result.text).toBe(201);
  return { id: (result.body as { id: string }).id, email, password: TEST_PASSWORD };
}

const sessions = new Map<string, Promise<string>>();

/** The cookie of a signed-in user of this role on this server: the admin of the environment, or a user the admin added. */
export function sessionCookie(role: Role, base: string = appUrl()): Promise<string> {
  const key = `${base} ${role}`;
  let cookie = sessions.get(key);
  if (!cookie) {
    cookie = (async () => {
      if (role === "admin") return signedInCookie(ADMIN.email, ADMIN.password, base);
      const user = await addUser(role, base);
      return signedInCookie(user.email, user.password, base);
    })();
    cookie.catch(() => sessions.delete(key));
    sessions.set(key, cookie);
  }
  return cookie;
}

// The simulator ------------------------------------------------------------------------------------

export async function control(
  path: string,
  body?: unknown,
  method = body === undefined ? "GET" : "POST",
): Promise<unknown> {
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

export async function simulatorList<T>(path: string): Promise<T[]> {
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

/** Reads until `read` answers (not undefined), every 100 ms, failing after `timeoutMs` with `what`. */
export async function eventually<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A request straight to the simulator's API with the token: a change behind the dashboard's back. */
export const provider = (path: string, init: RequestInit = {}) =>
  fetch(`${simulatorUrl()}/api/v1${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${CANARY_TOKEN}`, "Content-Type": "application/json", ...init.headers },
  });

/** A dashboard against the simulator as a real provider (the canary token), its list cache off. */
export const providerEnv = (): Record<string, string> => ({
  VPSORG_API_URL: `${simulatorUrl()}/api/v1`,
  VPSORG_API_TOKEN: CANARY_TOKEN,
  VPSORG_SIMULATOR_URL: "",
  VPSORG_CACHE_TTL_MS: "0",
});

/** The account watcher on, with short cadences and lease, for tests that wait for its polls. */
export const WATCHED_ENV = {
  WATCHER: "on",
  WATCHER_FAST_MS: "300",
  WATCHER_IDLE_MS: "800",
  WATCHER_LEASE_MS: "2000",
} as const;

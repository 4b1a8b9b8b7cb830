import { expect, inject } from "vitest";
import { apiErrorBodySchema, type ApiErrorCode } from "@/lib/http/api-error";

export const appUrl = () => inject("appUrl");
export const simulatorUrl = () => inject("simulatorUrl");

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: "valid" | "invalid" | "missing";
  body: unknown;
}

/** Every response the tests saw, so one test can check that none carried the token. */
export const seenResponses: { url: string; status: number; headers: string; body: string }[] = [];

export async function api(path: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: unknown; text: string }> {
  const response = await fetch(`${appUrl()}${path}`, init);
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

export const postJson = (path: string, body: unknown) =>
  api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

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

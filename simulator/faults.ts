/** Fault injection for /api/v1 requests: latency, errors, throttling, malformed bodies, dropped connections. */
import type { ServerResponse } from "node:http";
import { z } from "zod";

import { sendJson } from "./http-utils";

export const FAULT_MODES = ["latency", "error", "rate_limit", "malformed", "drop"] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

const DEFAULT_LATENCY_MS = 1000;
const DEFAULT_ERROR_STATUS = 500;
const DEFAULT_RETRY_AFTER_S = 30;

export const faultSpecSchema = z.strictObject({
  mode: z.enum(FAULT_MODES),
  latency_ms: z.number().int().min(0).max(600_000).optional(),
  status: z.number().int().min(400).max(599).optional(),
  retry_after: z.number().int().min(0).optional(),
  /** How many matching requests the fault applies to; unlimited when absent. */
  times: z.number().int().min(1).optional(),
  method: z.string().min(1).optional(),
  /** A prefix of the path after /api/v1, e.g. "/backups/". */
  path: z.string().startsWith("/").optional(),
});
export type FaultSpec = z.infer<typeof faultSpecSchema>;

export interface Fault {
  id: number;
  mode: FaultMode;
  latency_ms: number | null;
  status: number | null;
  retry_after: number | null;
  /** Matching requests left; null = unlimited. */
  remaining: number | null;
  method: string | null;
  path: string | null;
}

/** What to do with one request: wait `delayMs`, then answer with `terminal` if any, else normally. */
export interface FaultPlan {
  delayMs: number;
  terminal: Fault | null;
}

export class FaultRegistry {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): Fault {
    const fault: Fault = {
      id: this.nextId++,
      mode: spec.mode,
      latency_ms: spec.mode === "latency" ? (spec.latency_ms ?? DEFAULT_LATENCY_MS) : null,
      status: spec.mode === "error" ? (spec.status ?? DEFAULT_ERROR_STATUS) : null,
      retry_after: spec.mode === "rate_limit" ? (spec.retry_after ?? DEFAULT_RETRY_AFTER_S) : null,
      remaining: spec.times ?? null,
      method: spec.method?.toUpperCase() ?? null,
      path: spec.path ?? null,
    };
    this.faults.push(fault);
    return fault;
  }

  list(): readonly Fault[] {
    return this.faults;
  }

  clear(): void {
    this.faults = [];
  }

  remove(id: number): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  /**
   * Consumes the faults matching a request, in the order they were added: every matching
   * latency fault adds its delay, and the first matching other fault decides the answer.
   */
  take(method: string, apiPath: string): FaultPlan {
    const plan: FaultPlan = { delayMs: 0, terminal: null };
    for (const fault of this.faults) {
      if (!matches(fault, method, apiPath)) continue;
      if (fault.mode === "latency") plan.delayMs += fault.latency_ms ?? 0;
      else if (plan.terminal === null) plan.terminal = fault;
      else continue;
      if (fault.remaining !== null) fault.remaining -= 1;
    }
    this.faults = this.faults.filter((f) => f.remaining === null || f.remaining > 0);
    return plan;
  }
}

function matches(fault: Fault, method: string, apiPath: string): boolean {
  return (fault.method === null || fault.method === method) && (fault.path === null || apiPath.startsWith(fault.path));
}

const ERROR_DETAILS: Readonly<Record<number, string>> = {
  400: "Malformed request.",
  401: "Invalid token.",
  403: "You do not have permission to perform this action.",
  404: "Not found.",
  409: "Conflict.",
  429: "Request was throttled.",
  500: "Internal server error.",
  502: "Bad gateway.",
  503: "Service temporarily unavailable, try again later.",
  504: "Gateway timeout.",
};

/** A 200 whose JSON is cut off mid-object. */
const MALFORMED_BODY =
  '{"count": 2, "next": null, "previous": null, "results": [{"id": 401, "server": {"id": 12345, "na';

/** Answers a request with a terminal (non-latency) fault. */
export function sendFault(fault: Fault, res: ServerResponse): void {
  switch (fault.mode) {
    case "error": {
      const status = fault.status ?? DEFAULT_ERROR_STATUS;
      sendJson(res, status, {
        detail: ERROR_DETAILS[status] ?? (status >= 500 ? "Internal server error." : "Request failed."),
      });
      return;
    }
    case "rate_limit": {
      const seconds = fault.retry_after ?? DEFAULT_RETRY_AFTER_S;
      sendJson(
        res,
        429,
        { detail: `Request was throttled. Expected available in ${seconds} seconds.` },
        { "Retry-After": String(seconds) },
      );
      return;
    }
    case "malformed":
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(MALFORMED_BODY) });
      res.end(MALFORMED_BODY);
      return;
    case "drop":
      res.destroy();
      return;
    case "latency":
      throw new Error("latency is not a terminal fault");
  }
}

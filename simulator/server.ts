/** The embedded VPS.org simulator: a node:http server over an in-memory SimulatorState. */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";

import { handleApiRequest } from "./api";
import { authorizationState } from "./auth";
import { handleControlRequest } from "./control";
import { FaultRegistry, sendFault } from "./faults";
import { parseBody } from "./fields";
import { type BodyReadResult, isUnder, readBody, sendJson, sendResult } from "./http-utils";
import { RequestLog, loggableBody } from "./request-log";
import type { SeedName } from "./seed";
import { DEFAULT_PERMISSIONS, SimulatorState } from "./state";

export const API_PREFIX = "/api/v1";
export const CONTROL_PREFIX = "/__control";
const HOST = "127.0.0.1";

export interface SimulatorOptions {
  /** 0 picks a free port. */
  port: number;
  token: string;
  pageSize: number;
  backupDurationMs: number;
  restoreDurationMs: number;
  seed: SeedName;
  /** Epoch milliseconds; injectable so tests can move time forward. */
  clock: () => number;
}

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:4010 */
  url: string;
  /** url + "/api/v1" */
  apiUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const DEFAULT_SIMULATOR_OPTIONS: Readonly<SimulatorOptions> = {
  port: 0,
  token: "vps_simulator_dev_token",
  pageSize: 20,
  backupDurationMs: 20_000,
  restoreDurationMs: 30_000,
  seed: "default",
  clock: Date.now,
};

export async function startSimulator(options: Partial<SimulatorOptions> = {}): Promise<RunningSimulator> {
  const opts: SimulatorOptions = { ...DEFAULT_SIMULATOR_OPTIONS, ...definedOnly(options) };
  assertOptions(opts);
  const state = new SimulatorState(
    opts.seed,
    {
      backupDurationMs: opts.backupDurationMs,
      restoreDurationMs: opts.restoreDurationMs,
      pageSize: opts.pageSize,
      permissions: [...DEFAULT_PERMISSIONS],
      failNextBackups: 0,
    },
    opts.clock,
  );
  const faults = new FaultRegistry();
  const log = new RequestLog();
  const closing = new AbortController();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = requestUrl(req, server);
    const method = (req.method ?? "GET").toUpperCase();
    const read = await readBody(req);

    if (isUnder(url.pathname, API_PREFIX)) {
      await handleApi(req, res, url, method, read);
    } else if (isUnder(url.pathname, CONTROL_PREFIX)) {
      if (read.kind === "too_large") return sendTooLarge(res);
      const ctx = { state, faults, log, body: parseBody(read.text) };
      sendResult(res, await handleControlRequest(ctx, method, url.pathname.slice(CONTROL_PREFIX.length) || "/"));
    } else {
      sendJson(res, 404, { detail: "Not found." });
    }
  };

  const handleApi = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    method: string,
    read: BodyReadResult,
  ): Promise<void> => {
    const apiPath = url.pathname.slice(API_PREFIX.length);
    const authorization = authorizationState(req.headers.authorization, opts.token);
    const body = read.kind === "ok" ? parseBody(read.text) : null;
    const entry = log.record({
      at: new Date(state.now()).toISOString(),
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization,
      body: read.kind === "ok" && body ? loggableBody(read.text, body) : null,
    });
    res.once("finish", () => {
      entry.status = res.statusCode;
    });

    const plan = faults.take(method, apiPath);
    if (plan.delayMs > 0) await delay(plan.delayMs, undefined, { signal: closing.signal });
    if (plan.terminal) return sendFault(plan.terminal, res);
    if (body === null) return sendTooLarge(res);
    sendResult(res, await handleApiRequest({ state, method, url, body }, apiPath, authorization));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (closing.signal.aborted) {
        res.destroy();
        return;
      }
      console.error("[simulator] unexpected error:", error);
      if (!res.headersSent) sendJson(res, 500, { detail: "Internal server error." });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  const url = `http://${HOST}:${port}`;
  let closed: Promise<void> | null = null;
  return {
    url,
    apiUrl: `${url}${API_PREFIX}`,
    port,
    token: opts.token,
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function sendTooLarge(res: ServerResponse): void {
  sendJson(res, 413, { detail: "Request body too large." }, { Connection: "close" });
}

/** The absolute URL as the client addressed it (pagination links use the request's Host). */
function requestUrl(req: IncomingMessage, server: Server): URL {
  const fallbackHost = `${HOST}:${(server.address() as AddressInfo | null)?.port ?? 0}`;
  try {
    return new URL(req.url ?? "/", `http://${req.headers.host ?? fallbackHost}`);
  } catch {
    return new URL(req.url ?? "/", `http://${fallbackHost}`);
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function assertOptions(opts: SimulatorOptions): void {
  const nonNegativeInt = (n: number): boolean => Number.isInteger(n) && n >= 0;
  if (!nonNegativeInt(opts.port) || opts.port > 65_535) throw new RangeError(`Invalid port: ${opts.port}`);
  if (!nonNegativeInt(opts.pageSize) || opts.pageSize < 1) throw new RangeError(`Invalid page size: ${opts.pageSize}`);
  if (!nonNegativeInt(opts.backupDurationMs)) throw new RangeError(`Invalid backup duration: ${opts.backupDurationMs}`);
  if (!nonNegativeInt(opts.restoreDurationMs))
    throw new RangeError(`Invalid restore duration: ${opts.restoreDurationMs}`);
  if (opts.token.trim() === "" || /\s/.test(opts.token))
    throw new RangeError("Invalid token: must be non-empty without spaces");
}

/** Test helpers: a simulator with a controllable clock and small fetch wrappers. Not a test file. */
import { type RunningSimulator, type SimulatorOptions, startSimulator } from "./server";

/** A fixed instant well after 03:00 UTC, so the seed's latest automatic run is "today". */
export const T0 = Date.parse("2025-01-16T15:45:30.250Z");

export interface TestClock {
  now: number;
  advance(ms: number): void;
}

export interface TestSimulator extends RunningSimulator {
  clock: TestClock;
  /** Calls /api/v1 + path with the valid token unless `token` says otherwise (null = no header). */
  api(path: string, init?: ApiInit): Promise<Response>;
  /** Calls /__control + path. */
  control(path: string, init?: { method?: string; body?: unknown }): Promise<Response>;
}

export interface ApiInit {
  method?: string;
  /** Serialized as JSON unless it is already a string. */
  body?: unknown;
  token?: string | null;
  headers?: Record<string, string>;
}

export async function startTestSimulator(options: Partial<SimulatorOptions> = {}): Promise<TestSimulator> {
  const clock: TestClock = {
    now: T0,
    advance(ms) {
      this.now += ms;
    },
  };
  const sim = await startSimulator({ port: 0, clock: () => clock.now, ...options });
  return {
    ...sim,
    clock,
    api(path, init = {}) {
      const token = init.token === undefined ? sim.token : init.token;
      return fetch(`${sim.apiUrl}${path}`, {
        method: init.method ?? "GET",
        headers: {
          ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
          ...(init.body === undefined ? {} : { "Content-Type": "application/json" }),
          ...init.headers,
        },
        body: encode(init.body),
      });
    },
    control(path, init = {}) {
      return fetch(`${sim.url}/__control${path}`, {
        method: init.method ?? "GET",
        headers: init.body === undefined ? {} : { "Content-Type": "application/json" },
        body: encode(init.body),
      });
    },
  };
}

function encode(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  return typeof body === "string" ? body : JSON.stringify(body);
}

/** Reads a JSON body; the type is the test's assertion about the shape. */
export async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export interface BackupBody {
  id: number;
  server: { id: number; name: string };
  backup_type: string;
  status: string;
  size_mb: number | null;
  created_at: string;
  expires_at: string | null;
  description: string;
}

export interface ServerBody {
  id: number;
  name: string;
  status: string;
  location: string;
}

export interface PageBody<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** Every backup, following `next` links (as a client must). */
export async function listAllBackups(sim: TestSimulator, query = ""): Promise<BackupBody[]> {
  const all: BackupBody[] = [];
  let next: string | null = `${sim.apiUrl}/backups/${query}`;
  while (next) {
    const res: Response = await fetch(next, { headers: { Authorization: `Bearer ${sim.token}` } });
    const page: PageBody<BackupBody> = await json<PageBody<BackupBody>>(res);
    all.push(...page.results);
    next = page.next;
  }
  return all;
}

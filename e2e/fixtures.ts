import { randomBytes } from "node:crypto";
import { test as base, expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { APP_URL, SIMULATOR_PORT } from "../playwright.config";

const controlUrl = `http://127.0.0.1:${SIMULATOR_PORT}/__control`;

/** The simulator's control endpoint: reset, faults, settings, request log. */
export interface Simulator {
  reset(): Promise<void>;
  fault(fault: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
  configure(config: Record<string, unknown>): Promise<void>;
  addServer(server: { name: string; status?: string; location?: string }): Promise<{ id: number; name: string }>;
  addAutomaticBackup(
    serverId: number,
    backup?: { status?: "completed" | "in_progress" | "failed"; created_at?: string; description?: string },
  ): Promise<{ id: number }>;
}

async function control(path: string, init: { method?: string; body?: unknown } = {}): Promise<unknown> {
  const response = await fetch(`${controlUrl}/${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: init.body === undefined ? {} : { "Content-Type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`simulator control ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** The latest poll of the dashboard's account watcher (GET /api/health), epoch ms; 0 before the first. */
async function lastPoll(): Promise<number> {
  const body = (await (await fetch(`${APP_URL}/api/health`)).json()) as { watcher?: { polledAt: string | null } };
  return body.watcher?.polledAt ? Date.parse(body.watcher.polledAt) : 0;
}

/**
 * Waits for two of the watcher's polls after now: the first may have read VPS.org before a change
 * the spec just made at the simulator, the second began after it. The page reads the watcher's
 * picture, so a spec sees the change only after that.
 */
async function watcherCaughtUp(): Promise<void> {
  let after = Date.now();
  for (let poll = 0; poll < 2; poll++) {
    const deadline = Date.now() + 20_000;
    let seen = await lastPoll();
    while (seen <= after) {
      if (Date.now() > deadline) throw new Error("the dashboard's watcher did not poll VPS.org within 20 s");
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = await lastPoll();
    }
    after = seen;
  }
}

/** A change at the simulator, then the watcher's poll that sees it. */
async function seen<T>(change: Promise<T>): Promise<T> {
  const result = await change;
  await watcherCaughtUp();
  return result;
}

export const test = base.extend<{ simulator: Simulator }>({
  simulator: [
    async ({}, use) => {
      const simulator: Simulator = {
        reset: async () => void (await seen(control("reset", { body: {} }))),
        fault: async (fault) => void (await seen(control("faults", { body: fault }))),
        clearFaults: async () => void (await seen(control("faults", { method: "DELETE" }))),
        configure: async (config) => void (await seen(control("config", { body: config }))),
        addServer: async (server) => (await seen(control("servers", { body: server }))) as { id: number; name: string },
        addAutomaticBackup: async (serverId, backup = {}) =>
          (await seen(control("automatic-backups", { body: { server_id: serverId, ...backup } }))) as { id: number },
      };
      await simulator.reset();
      await use(simulator);
      await simulator.clearFaults();
    },
    { auto: true },
  ],
});

export { expect };

export type Role = "viewer" | "operator" | "admin";

export const USER_PASSWORD = "a password for e2e users";

/** Adds a user through the admin API (`request` carries the admin's session); a fresh email each time. */
export async function addUser(
  request: APIRequestContext,
  role: Role,
  name = `${role[0]!.toUpperCase()}${role.slice(1)} ${randomBytes(2).toString("hex")}`,
) {
  const email = `${role}-${randomBytes(4).toString("hex")}@e2e.test`;
  const response = await request.post("/api/users", { data: { email, name, password: USER_PASSWORD, role } });
  expect(response.status(), await response.text()).toBe(201);
  return { email, name, password: USER_PASSWORD };
}

/** A page in a new browser context with no session. */
export async function anonymousPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  return context.newPage();
}

/** Signs in through the sign-in page, as a person would. */
export async function signInThroughPage(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Backups" })).toBeVisible();
}

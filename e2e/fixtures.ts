import { randomBytes } from "node:crypto";
import { test as base, expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { SIMULATOR_PORT } from "../playwright.config";

const controlUrl = `http://127.0.0.1:${SIMULATOR_PORT}/__control`;

/** The simulator's control endpoint: reset, faults, settings, request log. */
export interface Simulator {
  reset(): Promise<void>;
  fault(fault: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
  configure(config: Record<string, unknown>): Promise<void>;
  addServer(server: { name: string; status?: string; location?: string }): Promise<{ id: number; name: string }>;
  addAutomaticBackup(serverId: number): Promise<{ id: number }>;
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

export const test = base.extend<{ simulator: Simulator }>({
  simulator: [
    async ({}, use) => {
      const simulator: Simulator = {
        reset: async () => void (await control("reset", { body: {} })),
        fault: async (fault) => void (await control("faults", { body: fault })),
        clearFaults: async () => void (await control("faults", { method: "DELETE" })),
        configure: async (config) => void (await control("config", { body: config })),
        addServer: async (server) => (await control("servers", { body: server })) as { id: number; name: string },
        addAutomaticBackup: async (serverId) =>
          (await control("automatic-backups", { body: { server_id: serverId } })) as { id: number },
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

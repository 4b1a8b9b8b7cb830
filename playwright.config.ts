import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./scripts/chromium";

// End-to-end tests drive the production build (npm run build) against the simulator with fast
// transitions, in Debian's Chromium. The simulator's state is shared, so tests run one at a time
// and each starts from a reset (see e2e/fixtures.ts). The dashboard signs in against its own fresh
// store (a new SQLite file per run) and an OpenID Connect test server; the `setup` project signs in
// as the admin once and every spec starts from that session (storageState) unless it says otherwise.

export const SIMULATOR_PORT = Number(process.env.E2E_SIMULATOR_PORT ?? 4110);
export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3110);
export const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? 4111);
export const SIMULATOR_TOKEN = "vps_e2e_simulator_token";
export const APP_URL = `http://127.0.0.1:${APP_PORT}`;
export const E2E_ADMIN = { email: "admin@e2e.test", password: "e2e admin password", name: "Administrator" };
/** The person the OIDC test server signs in (e2e/oidc-server.ts). */
export const SSO_PERSON = { email: "sso.person@e2e.test", name: "Sso Person" };
/** Which run this is (scripts/test-suites.ts runs one per store at once): its own files. */
const RUN = process.env.E2E_RUN_NAME?.trim() || "default";
export const ADMIN_STATE = `playwright/.auth/${RUN}/admin.json`;

// Set once in the runner (workers inherit it): a fresh store for each run, a SQLite file unless
// E2E_DATABASE_URL names another (scripts/test-suites.ts makes a fresh PostgreSQL database for
// TEST_STORE=postgres).
process.env.E2E_DATABASE_FILE ??= path.join(tmpdir(), `vpsdash-e2e-${Date.now()}-${process.pid}`, "dashboard.sqlite");
const DATABASE_URL = process.env.E2E_DATABASE_URL?.trim() || `file:${process.env.E2E_DATABASE_FILE}`;

const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
};

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [
    ["list"],
    ["html", { open: "never", outputFolder: RUN === "default" ? "playwright-report" : `playwright-report/${RUN}` }],
  ],
  outputDir: RUN === "default" ? "test-results" : `test-results/${RUN}`,
  use: {
    baseURL: APP_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    timezoneId: "UTC",
    locale: "en-GB",
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/, use: chromium },
    { name: "chromium", dependencies: ["setup"], use: { ...chromium, storageState: ADMIN_STATE } },
  ],
  webServer: [
    {
      command: `node_modules/.bin/tsx simulator/main.ts --port ${SIMULATOR_PORT} --page-size 5 --backup-duration-ms 2500 --restore-duration-ms 3000`,
      url: `http://127.0.0.1:${SIMULATOR_PORT}/__control/faults`,
      env: { SIMULATOR_TOKEN },
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
    },
    {
      command: `node_modules/.bin/tsx e2e/oidc-server.ts --port ${OIDC_PORT}`,
      url: `http://127.0.0.1:${OIDC_PORT}/.well-known/openid-configuration`,
      env: { SSO_EMAIL: SSO_PERSON.email, SSO_NAME: SSO_PERSON.name },
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
    },
    {
      // As the README's `npm start`: the start command serves the build from its own server.
      command: `node_modules/.bin/tsx scripts/serve.ts start`,
      url: `${APP_URL}/api/health`,
      env: {
        PORT: String(APP_PORT),
        // The specs sign in "from" addresses of their own (X-Forwarded-For), as behind a reverse proxy.
        AUTH_TRUSTED_PROXIES: "127.0.0.1",
        VPSORG_API_URL: "",
        VPSORG_SIMULATOR_URL: `http://127.0.0.1:${SIMULATOR_PORT}/api/v1`,
        VPSORG_SIMULATOR_TOKEN: SIMULATOR_TOKEN,
        VPSORG_TIMEOUT_MS: "3000",
        // The simulator is reset between tests behind the dashboard's back: keep no list cache
        // (concurrent identical reads are still coalesced). Caching has its own integration tests.
        VPSORG_CACHE_TTL_MS: "0",
        // Likewise the circuit breaker: here each fault must show its own message, and one test's
        // faults must not keep VPS.org "down" for the next. The breaker has its integration tests.
        VPSORG_BREAKER_THRESHOLD: "1000",
        // The watcher on, as deployed: the page reads its picture. Short cadences, so a change the
        // specs make at the simulator behind the dashboard's back is seen within a second; the
        // fixtures wait for the poll after each one (e2e/fixtures.ts).
        WATCHER: "on",
        WATCHER_FAST_MS: "250",
        WATCHER_IDLE_MS: "500",
        WATCHER_LEASE_MS: "3000",
        // Notifications go to receivers the specs start on this host, over plain http.
        NOTIFY_ALLOW_HTTP: "1",
        NOTIFY_RETRY_BASE_MS: "500",
        // Schedules with a seconds field (tests and demos only), so a spec sees a run within seconds;
        // the watcher above makes the runs.
        SCHEDULES_ALLOW_SECONDS: "true",
        DATABASE_URL,
        BETTER_AUTH_SECRET: "e2e-auth-secret-0123456789abcdef0123456789",
        BETTER_AUTH_URL: APP_URL,
        DASHBOARD_ADMIN_EMAIL: E2E_ADMIN.email,
        DASHBOARD_ADMIN_PASSWORD: E2E_ADMIN.password,
        OIDC_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
        OIDC_CLIENT_ID: "dashboard-e2e",
        OIDC_CLIENT_SECRET: "e2e-oidc-client-secret",
      },
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});

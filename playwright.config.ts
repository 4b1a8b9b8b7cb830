import { defineConfig, devices } from "@playwright/test";

// End-to-end tests drive the production build (npm run build) against the simulator with fast
// transitions, in Debian's Chromium. The simulator's state is shared, so tests run one at a time
// and each starts from a reset (see e2e/fixtures.ts).

export const SIMULATOR_PORT = Number(process.env.E2E_SIMULATOR_PORT ?? 4110);
export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3110);
export const SIMULATOR_TOKEN = "vps_e2e_simulator_token";

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    timezoneId: "UTC",
    locale: "en-GB",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
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
      command: `node_modules/.bin/next start --port ${APP_PORT}`,
      url: `http://127.0.0.1:${APP_PORT}/api/health`,
      env: {
        VPSORG_API_URL: "",
        VPSORG_SIMULATOR_URL: `http://127.0.0.1:${SIMULATOR_PORT}/api/v1`,
        VPSORG_SIMULATOR_TOKEN: SIMULATOR_TOKEN,
        VPSORG_TIMEOUT_MS: "3000",
        // The simulator is reset between tests behind the dashboard's back: keep no list cache
        // (concurrent identical reads are still coalesced). Caching has its own integration tests.
        VPSORG_CACHE_TTL_MS: "0",
      },
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});

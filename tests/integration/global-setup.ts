import { createWriteStream, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { OAuth2Server } from "oauth2-mock-server";
import type { TestProject } from "vitest/node";
import { startSimulator } from "../../simulator/server";
import { CANARY_METRICS_TOKEN, CANARY_OIDC_CLIENT_SECRET, CANARY_TOKEN } from "../canary";
import { storeUnderTest } from "../store-under-test";
import { startApp } from "./app-process";

// Starts the simulator (small pages, fast transitions), an OpenID Connect test server, and two
// production servers of the dashboard against them over real HTTP, configured as a real provider with
// the canary token and canary auth secrets, each with its own fresh store (TEST_STORE: SQLite by
// default, or a PostgreSQL database of its own, dropped at teardown) and the admin of app-process.ts:
// - `appUrl`: the list cache off (VPSORG_CACHE_TTL_MS=0), so tests that count the provider's requests
//   see every one, and a circuit-breaker cool-down of 1 s, so the provider-down test recovers quickly;
//   single sign-on on (OIDC_* with the canary client secret); /api/metrics on (the canary METRICS_TOKEN);
//   X-Forwarded-For believed from 127.0.0.1 (BEHIND_TEST_PROXY);
// - `cachedAppUrl`: the defaults (cache on, 2 s; no trusted proxy; metrics off), for the fan-in tests and the
//   client address's secure default.
// Both share the one simulator; test files run one at a time, so one app is idle while the other is tested.

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
    cachedAppUrl: string;
    simulatorUrl: string;
    appLogFile: string;
    /** `appUrl`'s DATABASE_URL (tests/store-under-test.ts `withStore`). */
    appDatabaseUrl: string;
    oidcIssuer: string;
  }
}

export const UPSTREAM_TIMEOUT_MS = 1500;
/**
 * `appUrl` believes X-Forwarded-For from the tests (they connect from 127.0.0.1), as a dashboard
 * behind a reverse proxy does: tests then sign in from addresses of their own (helpers.ts `signIn`'s
 * `ip`). `cachedAppUrl` keeps the default, no trusted proxy (tests/integration/client-address.test.ts).
 */
export const BEHIND_TEST_PROXY = { AUTH_TRUSTED_PROXIES: "127.0.0.1" };
export const BREAKER_COOLDOWN_MS = 1000;
/** `appUrl`'s requests per minute per API key (API_KEY_RATE_LIMIT): low enough to reach in a test. */
export const API_KEY_LIMIT = 60;
export const OIDC_CLIENT_ID = "dashboard-it";
export const SSO_IDENTITY = {
  sub: "idp-person-1",
  email: "sso.person@integration.test",
  email_verified: true,
  name: "Sso Person",
};

export default async function setup(project: TestProject) {
  console.log(`The integration suite's dashboards run on ${storeUnderTest()} (TEST_STORE).`);
  const simulator = await startSimulator({
    port: 0,
    token: CANARY_TOKEN,
    pageSize: 3,
    backupDurationMs: 400,
    restoreDurationMs: 600,
  });
  const idp = new OAuth2Server();
  await idp.issuer.keys.generate("RS256");
  await idp.start(0, "127.0.0.1");
  // The one person the identity provider signs in (tests/integration/sso.test.ts).
  idp.service.on("beforeTokenSigning", (token: { payload: Record<string, unknown> }) => {
    Object.assign(token.payload, SSO_IDENTITY);
  });
  const logFile = path.join(mkdtempSync(path.join(tmpdir(), "dashboard-it-")), "server.log");
  const log = createWriteStream(logFile);
  const upstream = {
    VPSORG_API_URL: simulator.apiUrl,
    VPSORG_API_TOKEN: CANARY_TOKEN,
    VPSORG_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
    VPSORG_SIMULATOR_URL: "",
  };
  const sso = { OIDC_ISSUER: idp.issuer.url!, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: CANARY_OIDC_CLIENT_SECRET };
  const started = await Promise.allSettled([
    startApp(
      {
        ...upstream,
        ...sso,
        VPSORG_CACHE_TTL_MS: "0",
        VPSORG_BREAKER_COOLDOWN_MS: String(BREAKER_COOLDOWN_MS),
        API_KEY_RATE_LIMIT: String(API_KEY_LIMIT),
        ...BEHIND_TEST_PROXY,
        METRICS_TOKEN: CANARY_METRICS_TOKEN,
      },
      { log },
    ),
    startApp({ ...upstream, VPSORG_CACHE_TTL_MS: "", VPSORG_BREAKER_COOLDOWN_MS: "" }, { log }),
  ]);
  const [app, cachedApp] = started.map((result) => (result.status === "fulfilled" ? result.value : undefined));
  if (!app || !cachedApp) {
    await Promise.all([app?.stop(), cachedApp?.stop(), simulator.close(), idp.stop()]);
    const reason = started.find((result) => result.status === "rejected")?.reason;
    throw reason instanceof Error ? reason : new Error(String(reason));
  }

  project.provide("appUrl", app.url);
  project.provide("cachedAppUrl", cachedApp.url);
  project.provide("simulatorUrl", simulator.url);
  project.provide("appLogFile", logFile);
  project.provide("appDatabaseUrl", app.databaseUrl);
  project.provide("oidcIssuer", idp.issuer.url!);

  return async () => {
    await Promise.all([app.stop(), cachedApp.stop()]);
    log.end();
    await Promise.all([simulator.close(), idp.stop()]);
  };
}

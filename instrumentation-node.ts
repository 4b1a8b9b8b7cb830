import { parseAuthEnv } from "@/lib/auth/server/auth-env";
import { ConfigError, parseEnv, resolveUpstream, watcherConfig, type Env } from "@/lib/config/env-schema";
import { parseDbEnv } from "@/lib/db/db-env";
import { componentLogger } from "@/lib/log/logger";
import { startDeliveryLoop } from "@/lib/notifications/server/delivery";
import { parseNotifyEnv, type NotifyConfig } from "@/lib/notifications/server/notify-env";
import { getStore, type Store } from "@/lib/store/store";
import { prepareFirstRun } from "@/lib/users/server/first-run";
import { vpsorgUncached } from "@/lib/vpsorg/server";
import { startWatcher } from "@/lib/watcher/watcher";

// The server's start-up on Node.js (see instrumentation.ts): a bad or missing variable stops it with
// the variable's name rather than failing the first request; then the store is opened and migrated,
// the admin named by DASHBOARD_ADMIN_EMAIL is ensured, and while there are no users at all a one-time
// setup link is printed, so a newcomer has a way in; then the account watcher starts (WATCHER), and the
// notifications' delivery loop (lib/notifications/server/delivery.ts).
export async function startUp(): Promise<void> {
  let env: Env;
  let notify: NotifyConfig;
  try {
    env = parseEnv(process.env);
    notify = parseNotifyEnv(process.env);
    resolveUpstream(env);
    parseDbEnv(process.env);
    parseAuthEnv(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    stop(error.message);
  }

  let store: Store;
  try {
    store = await getStore();
  } catch (error) {
    // The message only: a database URL (with its password) is never echoed.
    stop(
      `The dashboard's database could not be opened or migrated: ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  const firstRun = await prepareFirstRun(store);
  const log = componentLogger("startup");
  if (firstRun.admin === "created")
    log.info(
      `Admin account ${store.config.bootstrapAdmin?.email} created (DASHBOARD_ADMIN_EMAIL): sign in at ${store.config.baseURL}/sign-in`,
    );
  if (firstRun.setupUrl) log.info(`First run: open ${firstRun.setupUrl} to create the first admin.`);

  // The account watcher: every instance runs its loop; the one holding the lease polls VPS.org.
  const watcher = watcherConfig(env);
  if (watcher.enabled)
    startWatcher({
      db: store.db,
      upstream: vpsorgUncached(store),
      config: watcher,
      providerDownMs: notify.providerDownMs,
    });
  else log.info("WATCHER=off: this instance serves pages and never polls VPS.org on its own.");
  // Notifications: every instance delivers what the outbox holds, each delivery claimed by one of them.
  startDeliveryLoop({ db: store.db, authSecret: store.config.secret, baseUrl: store.config.baseURL, config: notify });
}

function stop(message: string): never {
  componentLogger("startup").fatal(message);
  process.exit(1);
}

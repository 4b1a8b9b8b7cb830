import { AsyncLocalStorage } from "node:async_hooks";

// What the dashboard knows of the request being answered, for everything that runs on its behalf:
// every log line written meanwhile carries its `reqId` (the logger's mixin, lib/log/logger.ts); a
// failure answered deep inside (the idempotency wrapper turns errors into answers) is noted here,
// so the request's one line (lib/log/request-log.ts) says what it was; and the API key the request
// acts through is noted here by the route wrapper (lib/api/route.ts), so that every audit entry
// written meanwhile for the key's owner names the key (lib/audit/server/audit-log.ts) — by that one
// place, not by each feature remembering to pass it along. On globalThis: Next.js may
// load this module once per route bundle, and the logger outside Next.js reads the same store.
// No `server-only` here, like the logger that imports it.

export interface RequestContext {
  readonly reqId: string;
  /** The failure the answer reports, noted where it was turned into the error envelope. */
  failure?: { code: string; message: string; status: number; error?: unknown };
  /** The API key the request acts through, and its owner: the audit's `via` for that owner's entries. */
  acting?: { actorId: string; via: { kind: "api_key"; id: string; name: string } };
}

const STORAGE = Symbol.for("vpsorg-dashboard.request-context");
const holder = globalThis as typeof globalThis & { [STORAGE]?: AsyncLocalStorage<RequestContext> };
const storage = (holder[STORAGE] ??= new AsyncLocalStorage<RequestContext>());

/** Runs `work` as part of the request `context`. */
export function runInRequest<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The request being answered, if any (none in the watcher's loop or at start-up). */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

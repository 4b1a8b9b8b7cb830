import { AsyncLocalStorage } from "node:async_hooks";

// What the dashboard knows of the request being answered, for everything that runs on its behalf:
// every log line written meanwhile carries its `reqId` (the logger's mixin, lib/log/logger.ts), and
// a failure answered deep inside (the idempotency wrapper turns errors into answers) is noted here,
// so the request's one line (lib/log/request-log.ts) says what it was. On globalThis: Next.js may
// load this module once per route bundle, and the logger outside Next.js reads the same store.
// No `server-only` here, like the logger that imports it.

export interface RequestContext {
  readonly reqId: string;
  /** The failure the answer reports, noted where it was turned into the error envelope. */
  failure?: { code: string; message: string; status: number; error?: unknown };
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

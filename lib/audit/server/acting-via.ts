import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { AuditVia } from "@/lib/audit/server/audit-entry";

// What the current request acts through, besides who: an API key. The route wrapper (lib/api/route.ts)
// runs a key's request inside `actingThrough`, and every audit entry written meanwhile for the key's
// owner names the key ("by lan@example.com, key ci-deploy") — by this one place, not by each feature
// remembering to pass it along.

interface Acting {
  actorId: string;
  via: AuditVia;
}

// One store per process, however many times the production build bundled this module.
const STORAGE = Symbol.for("vpsorg-dashboard.acting-via");
const holder = globalThis as typeof globalThis & { [STORAGE]?: AsyncLocalStorage<Acting> };
const storage = (holder[STORAGE] ??= new AsyncLocalStorage<Acting>());

export function actingThrough<T>(acting: Acting | null, work: () => Promise<T>): Promise<T> {
  return acting ? storage.run(acting, work) : work();
}

/** The key an entry by `actorId` is made through in this request, or null. */
export function actingVia(actorId: string | undefined): AuditVia | null {
  const acting = storage.getStore();
  return acting && acting.actorId === actorId ? acting.via : null;
}

import "server-only";
import { getStore, type Store } from "@/lib/store/store";
import { vpsorg } from "@/lib/vpsorg/server";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";

/** What server code works with: the store (database, Better Auth) and the VPS.org client. */
export interface ServerContext {
  store: Store;
  upstream: VpsorgTransport;
}

/** This process's context, for the route wrapper and the pages' first render. */
export async function serverContext(): Promise<ServerContext> {
  const store = await getStore();
  return { store, upstream: vpsorg(store) };
}

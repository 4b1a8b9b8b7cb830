import "server-only";
import { getStore } from "@/lib/db/store";

/** Better Auth's request handler on the migrated store: what each app/api/auth route file exports. */
export async function handleAuthRequest(request: Request): Promise<Response> {
  const { auth } = await getStore();
  return auth.handler(request);
}

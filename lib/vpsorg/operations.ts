// The provider's operations by name, for the metrics (lib/metrics/registry.ts): a request's method and
// path under the API's base, its ids replaced, map to one of a few names, so a label never holds
// one value per backup or server. Anything else is `other`.

export type VpsorgOperation =
  "list_backups" | "create_backup" | "delete_backup" | "restore_server" | "list_servers" | "get_account" | "other";

const OPERATIONS: Record<string, VpsorgOperation> = {
  "GET /backups/": "list_backups",
  "POST /backups/": "create_backup",
  "DELETE /backups/{id}/": "delete_backup",
  "POST /servers/{id}/restore/": "restore_server",
  "GET /servers/": "list_servers",
  "GET /account/me/": "get_account",
};

/** `path` is under the base URL, with its slashes (`/backups/501/`); a query is ignored. */
export function operationOf(method: string, path: string): VpsorgOperation {
  const template = path.split("?")[0]!.replace(/\/\d+(?=\/|$)/g, "/{id}");
  return OPERATIONS[`${method.toUpperCase()} ${template}`] ?? "other";
}

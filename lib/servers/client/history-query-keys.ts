import { serverKeys } from "@/lib/servers/client/query-keys";

// Under `serverKeys.all`, general to specific: invalidating the servers invalidates their histories
// too. Kept apart from ./query-keys.ts, which the backups page imports, so that page carries none of it.
export const serverHistoryKeys = {
  all: () => [...serverKeys.all, "history"] as const,
  server: (serverId: number) => [...serverHistoryKeys.all(), serverId] as const,
  window: (serverId: number, days: number) => [...serverHistoryKeys.server(serverId), { days }] as const,
};

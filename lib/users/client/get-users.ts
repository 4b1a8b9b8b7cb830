import { queryOptions, useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/http/client/fetch-json";
import { userKeys } from "@/lib/users/client/query-keys";
import { userListSchema, type UserList } from "@/lib/users/schemas";

// GET /api/users — every user of the dashboard (admins only).

export function fetchUsers(signal?: AbortSignal): Promise<UserList> {
  return fetchJson("/api/users", userListSchema, { signal });
}

export function getUsersQueryOptions() {
  return queryOptions({ queryKey: userKeys.list(), queryFn: ({ signal }) => fetchUsers(signal) });
}

export function useUsers() {
  return useQuery(getUsersQueryOptions());
}

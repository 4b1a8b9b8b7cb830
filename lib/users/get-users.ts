import { queryOptions, useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/http/fetch-json";
import { array, boolean, nullable, object, oneOf, parser, string, type Reader } from "@/lib/http/json-shape";
import { userKeys } from "@/lib/users/query-keys";
import type { UserSummary } from "@/lib/users/user-schema";

// GET /api/users — every user of the dashboard (admins only).

export const readUser: Reader<UserSummary> = object({
  id: string,
  email: string,
  name: string,
  role: nullable(oneOf(["viewer", "operator", "admin"])),
  disabled: boolean,
  createdAt: string,
});
const userListParser = parser(object({ results: array(readUser) }));

export function getUsers(signal?: AbortSignal): Promise<{ results: UserSummary[] }> {
  return fetchJson("/api/users", userListParser, { signal });
}

export function getUsersQueryOptions() {
  return queryOptions({ queryKey: userKeys.list(), queryFn: ({ signal }) => getUsers(signal) });
}

export function useUsers() {
  return useQuery(getUsersQueryOptions());
}

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Role } from "@/lib/auth/roles";
import { fetchJson } from "@/lib/http/fetch-json";
import { parser } from "@/lib/http/json-shape";
import { readUser } from "@/lib/users/get-users";
import { userKeys } from "@/lib/users/query-keys";
import type { UserSummary } from "@/lib/users/user-schema";

// PATCH /api/users/{id} — one change: a new role, or disabled / enabled (admins only).

export type UserChange = { role: Role } | { disabled: boolean };

const userParser = parser(readUser);

export function updateUser({ userId, change }: { userId: string; change: UserChange }): Promise<UserSummary> {
  return fetchJson(`/api/users/${encodeURIComponent(userId)}`, userParser, { method: "PATCH", body: change });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateUser,
    // Also after a refusal: the list shows what the server holds, not the select's new value.
    onSettled: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

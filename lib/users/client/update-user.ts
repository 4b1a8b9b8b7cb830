import { useMutation, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/lib/http/client/fetch-json";
import { userKeys } from "@/lib/users/client/query-keys";
import type { UserChange } from "@/lib/users/inputs";
import { userSummarySchema, type UserSummary } from "@/lib/users/schemas";

// PATCH /api/users/{id} — one change: a new role, or disabled / enabled (admins only).

export function sendUpdateUser({ userId, change }: { userId: string; change: UserChange }): Promise<UserSummary> {
  return fetchJson(`/api/users/${encodeURIComponent(userId)}`, userSummarySchema, { method: "PATCH", body: change });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sendUpdateUser,
    // Also after a refusal: the list shows what the server holds, not the select's new value.
    onSettled: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

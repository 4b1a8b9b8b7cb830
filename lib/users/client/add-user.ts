import { useMutation, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/lib/http/client/fetch-json";
import { userKeys } from "@/lib/users/client/query-keys";
import type { AddUserInput } from "@/lib/users/inputs";
import { userSummarySchema, type UserSummary } from "@/lib/users/schemas";

// POST /api/users — add a user who signs in with email and password (admins only).

export function sendAddUser(input: AddUserInput): Promise<UserSummary> {
  return fetchJson("/api/users", userSummarySchema, { method: "POST", body: input });
}

export function useAddUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sendAddUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

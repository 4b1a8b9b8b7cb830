import { useMutation, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/lib/http/fetch-json";
import { parser } from "@/lib/http/json-shape";
import { readUser } from "@/lib/users/get-users";
import { userKeys } from "@/lib/users/query-keys";
import type { AddUserInput, UserSummary } from "@/lib/users/user-schema";

// POST /api/users — add a user who signs in with email and password (admins only).

const userParser = parser(readUser);

export function addUser(input: AddUserInput): Promise<UserSummary> {
  return fetchJson("/api/users", userParser, { method: "POST", body: input });
}

export function useAddUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: addUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AllServersPolicyInput, ServerPolicyInput } from "@/lib/backup-health/inputs";
import { freshnessPoliciesSchema, type FreshnessPolicies } from "@/lib/backup-health/schemas";
import { fetchJson } from "@/lib/http/client/fetch-json";
import { serverKeys } from "@/lib/servers/client/query-keys";

// The freshness policies (GET/PUT /api/freshness-policy, PUT/DELETE /api/servers/{id}/freshness-policy).
// After a change the servers list is read again too: every server's health may have moved.

export const policyKeys = { all: ["freshness-policy"] as const };

export const freshnessPoliciesQuery = () =>
  queryOptions({
    queryKey: policyKeys.all,
    queryFn: ({ signal }) => fetchJson("/api/freshness-policy", freshnessPoliciesSchema, { signal }),
  });

export const useFreshnessPolicies = () => useQuery(freshnessPoliciesQuery());

export type PolicyChange =
  | { scope: "all"; input: AllServersPolicyInput }
  | { scope: "server"; serverId: number; input: ServerPolicyInput }
  | { scope: "server"; serverId: number; input: "inherit" };

export function sendPolicyChange(change: PolicyChange): Promise<FreshnessPolicies> {
  if (change.scope === "all")
    return fetchJson("/api/freshness-policy", freshnessPoliciesSchema, { method: "PUT", body: change.input });
  const url = `/api/servers/${change.serverId}/freshness-policy`;
  return change.input === "inherit"
    ? fetchJson(url, freshnessPoliciesSchema, { method: "DELETE" })
    : fetchJson(url, freshnessPoliciesSchema, { method: "PUT", body: change.input });
}

export function useChangePolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sendPolicyChange,
    onSuccess: (policies) => queryClient.setQueryData(policyKeys.all, policies),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: policyKeys.all }),
        queryClient.invalidateQueries({ queryKey: serverKeys.all }),
      ]),
  });
}

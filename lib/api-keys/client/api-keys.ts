import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiKeyKeys } from "@/lib/api-keys/client/query-keys";
import type { CreateApiKeyInput } from "@/lib/api-keys/inputs";
import {
  apiKeyListSchema,
  apiKeySchema,
  createdApiKeySchema,
  type ApiKey,
  type ApiKeyList,
  type CreatedApiKey,
} from "@/lib/api-keys/schemas";
import { fetchJson } from "@/lib/http/client/fetch-json";

// GET and POST /api/api-keys, DELETE /api/api-keys/{id}: the signed-in person's keys (an admin's:
// everyone's). Each change invalidates the list.

export function fetchApiKeys(signal?: AbortSignal): Promise<ApiKeyList> {
  return fetchJson("/api/api-keys", apiKeyListSchema, { signal });
}

export function getApiKeysQueryOptions() {
  return queryOptions({ queryKey: apiKeyKeys.list(), queryFn: ({ signal }) => fetchApiKeys(signal) });
}

export function useApiKeys() {
  return useQuery(getApiKeysQueryOptions());
}

export function sendCreateApiKey(input: CreateApiKeyInput): Promise<CreatedApiKey> {
  return fetchJson("/api/api-keys", createdApiKeySchema, { method: "POST", body: input });
}

export function sendRevokeApiKey(id: number): Promise<ApiKey> {
  return fetchJson(`/api/api-keys/${id}`, apiKeySchema, { method: "DELETE" });
}

function useApiKeyMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}

export const useCreateApiKey = () => useApiKeyMutation(sendCreateApiKey);
export const useRevokeApiKey = () => useApiKeyMutation(sendRevokeApiKey);

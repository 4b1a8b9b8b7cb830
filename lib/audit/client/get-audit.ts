import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { auditPageSchema, type AuditPage } from "@/lib/audit/schemas";
import { auditKeys } from "@/lib/audit/client/query-keys";
import { fetchJson } from "@/lib/http/client/fetch-json";

// GET /api/audit — a page of the audit log, newest first; GET /api/audit/export — the same filters as CSV.

/** The filters of the audit page, as the query string names them; empty strings are left out. */
export interface AuditPageFilters {
  actor?: string;
  action?: string;
  outcome?: string;
  server_id?: string;
  /** YYYY-MM-DD, inclusive. */
  from?: string;
  /** YYYY-MM-DD, inclusive. */
  to?: string;
  page?: number;
}

export const AUDIT_PAGE_SIZE = 50;

/** `?actor=…&action=…` for the filters that are set (and the page, unless it is the first). */
export function auditSearch(filters: AuditPageFilters): string {
  const params = new URLSearchParams();
  for (const key of ["actor", "action", "outcome", "server_id", "from", "to"] as const) {
    const value = filters[key]?.trim();
    if (value) params.set(key, value);
  }
  if (filters.page && filters.page > 1) params.set("page", String(filters.page));
  const text = params.toString();
  return text ? `?${text}` : "";
}

export function auditExportUrl(filters: AuditPageFilters): string {
  return `/api/audit/export${auditSearch({ ...filters, page: undefined })}`;
}

export function fetchAuditPage(filters: AuditPageFilters, signal?: AbortSignal): Promise<AuditPage> {
  const search = auditSearch(filters);
  return fetchJson(`/api/audit${search}${search ? "&" : "?"}page_size=${AUDIT_PAGE_SIZE}`, auditPageSchema, { signal });
}

export function getAuditPageQueryOptions(filters: AuditPageFilters) {
  return queryOptions({
    queryKey: auditKeys.page(filters),
    queryFn: ({ signal }) => fetchAuditPage(filters, signal),
    // The log only grows: keep the current page on screen while the next one loads.
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
}

export function useAuditPage(filters: AuditPageFilters) {
  return useQuery(getAuditPageQueryOptions(filters));
}

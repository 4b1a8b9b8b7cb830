import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import type { AuditEntry } from "@/lib/audit/audit-schema";
import { auditKeys } from "@/lib/audit/query-keys";
import { fetchJson } from "@/lib/http/fetch-json";
import { array, nullable, number, object, oneOf, parser, string, type Reader } from "@/lib/http/json-shape";

// GET /api/audit — a page of the audit log, newest first; GET /api/audit/export — the same filters as CSV.

/** The filters of the audit page, as the query string names them; empty strings are left out. */
export interface AuditPageFilters {
  actor?: string;
  action?: string;
  server_id?: string;
  /** YYYY-MM-DD, inclusive. */
  from?: string;
  /** YYYY-MM-DD, inclusive. */
  to?: string;
  page?: number;
}

/** An entry as GET /api/audit answers it (a type-only import: no zod reaches the browser). */
export type AuditEntryView = AuditEntry;

export interface AuditPageView {
  entries: AuditEntryView[];
  total: number;
  page: number;
  pageSize: number;
}

export const AUDIT_PAGE_SIZE = 50;

const nullableString = nullable(string);
const readAuditPage: Reader<AuditPageView> = object({
  entries: array(
    object({
      id: number,
      createdAt: string,
      actor: nullable(object({ id: string, email: string })),
      action: string,
      target: object({
        serverId: nullableString,
        serverName: nullableString,
        backupId: nullableString,
        userId: nullableString,
        userEmail: nullableString,
        description: nullableString,
      }),
      ip: nullableString,
      outcome: oneOf(["attempt", "success", "failure"]),
      error: nullable(object({ code: string, message: string })),
    }),
  ),
  total: number,
  page: number,
  pageSize: number,
});
const auditPageParser = parser(readAuditPage);

/** `?actor=…&action=…` for the filters that are set (and the page, unless it is the first). */
export function auditSearch(filters: AuditPageFilters): string {
  const params = new URLSearchParams();
  for (const key of ["actor", "action", "server_id", "from", "to"] as const) {
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

export function getAuditPage(filters: AuditPageFilters, signal?: AbortSignal): Promise<AuditPageView> {
  const search = auditSearch(filters);
  return fetchJson(`/api/audit${search}${search ? "&" : "?"}page_size=${AUDIT_PAGE_SIZE}`, auditPageParser, { signal });
}

export function getAuditPageQueryOptions(filters: AuditPageFilters) {
  return queryOptions({
    queryKey: auditKeys.page(filters),
    queryFn: ({ signal }) => getAuditPage(filters, signal),
    // The log only grows: keep the current page on screen while the next one loads.
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
}

export function useAuditPage(filters: AuditPageFilters) {
  return useQuery(getAuditPageQueryOptions(filters));
}

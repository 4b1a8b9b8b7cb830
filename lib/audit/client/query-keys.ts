import type { AuditPageFilters } from "@/lib/audit/client/get-audit";

export const auditKeys = {
  all: ["audit"] as const,
  page: (filters: AuditPageFilters) => [...auditKeys.all, "page", filters] as const,
};

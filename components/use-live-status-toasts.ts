"use client";

import { useLocale, useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import { toast } from "sonner";
import { COMPLETED, FAILED, IN_PROGRESS } from "@/lib/backups/backup-status";
import { formatDateTime, formatSize } from "@/lib/backups/format";
import type { Backup } from "@/lib/backups/schemas";
import type { ServerEntry } from "@/lib/backups/server-summary";
import { statusSnapshot, transitionsFrom } from "@/lib/backups/client/status-transitions";
import { RESTORING } from "@/lib/servers/schemas";

/**
 * Announces what finished between two fetches: a backup that completed (a toast that goes
 * away) or failed (one that stays until dismissed), and a server back from a restore.
 */
export function useLiveStatusToasts(
  backups: readonly Backup[] | undefined,
  servers: readonly ServerEntry[] | undefined,
): void {
  const t = useTranslations("LiveToasts");
  const locale = useLocale();
  const backupStatuses = useRef<Map<number, string | null>>(undefined);
  const serverStatuses = useRef<Map<number, string | null>>(undefined);

  useEffect(() => {
    if (!backups) return;
    for (const { item, to } of transitionsFrom(backupStatuses.current, backups, IN_PROGRESS)) {
      const what = { type: item.backup_type, server: item.server.name };
      const detail = [formatDateTime(item.created_at), item.description].filter(Boolean).join(" · ");
      if (to === COMPLETED) {
        toast.success(t("backupCompleted", what), { description: `${detail} · ${formatSize(item.size_mb, locale)}` });
      } else {
        toast.error(to === FAILED ? t("backupFailed", what) : t("backupEnded", { ...what, status: String(to) }), {
          description: detail,
          duration: Infinity,
          closeButton: true,
        });
      }
    }
    backupStatuses.current = statusSnapshot(backups);
  }, [backups, t, locale]);

  useEffect(() => {
    if (!servers) return;
    for (const { item, to } of transitionsFrom(serverStatuses.current, servers, RESTORING)) {
      toast.success(t("restored", { server: item.name }), { description: t("restoredDetail", { status: String(to) }) });
    }
    serverStatuses.current = statusSnapshot(servers);
  }, [servers, t]);
}

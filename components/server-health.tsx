"use client";

import { useTranslations } from "next-intl";
import { FreshnessPolicy } from "@/components/freshness-policy";
import { HealthSummary } from "@/components/health-summary";
import { useServers } from "@/lib/servers/client/get-servers";

/** A server page's health section: its state and why, and its freshness policy (admins change it). */
export function ServerHealth({ serverId, canConfigure }: { serverId: number; canConfigure: boolean }) {
  const t = useTranslations("FreshnessPolicy");
  const servers = useServers();
  const health = servers.data?.results.find((server) => server.id === serverId)?.health;
  return (
    <div className="space-y-4 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      {health ? (
        <div className="text-sm">
          <HealthSummary health={health} now={servers.dataUpdatedAt} />
        </div>
      ) : servers.data ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("noHealth")}</p>
      ) : null}
      <FreshnessPolicy serverId={serverId} canConfigure={canConfigure} />
    </div>
  );
}

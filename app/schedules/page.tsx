import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { SchedulesAdmin } from "@/components/schedules-admin";
import { SiteHeader } from "@/components/site-header";
import { canManageSchedules, canManageUsers } from "@/lib/auth/page-permissions";
import { requirePageSession } from "@/lib/auth/server/page-session";
import { MANUAL_BACKUP_QUOTA } from "@/lib/schedules/limits";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("Schedules");
  return { title: t("metaTitle") };
}

export default async function SchedulesPage() {
  const { user } = await requirePageSession("/schedules");
  const t = await getTranslations("Schedules");
  const tDenials = await getTranslations("Denials");
  // Everyone sees the schedules; what a viewer may not do is decided here and handed over as its reason.
  const denial = canManageSchedules(user.role)
    ? null
    : tDenials("manageSchedules", { youAre: tDenials("youAre", { role: user.role ?? "unknown" }) });
  return (
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
      <SiteHeader user={user} current="schedules" canManageUsers={canManageUsers(user.role)} />
      <main className="mt-6">
        <h1 className="text-2xl font-semibold tracking-tight">{t("heading")}</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t("intro")}</p>
        <section
          aria-labelledby="schedule-limits-heading"
          className="mt-4 rounded-lg border border-zinc-200 bg-white px-4 py-3 text-sm text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300"
        >
          <h2 id="schedule-limits-heading" className="font-medium text-zinc-900 dark:text-zinc-100">
            {t("limitsHeading")}
          </h2>
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            <li>{t("limitQuota", { quota: MANUAL_BACKUP_QUOTA })}</li>
            <li>{t("limitRetention")}</li>
            <li>{t("limitInProgress")}</li>
          </ul>
        </section>
        {denial ? (
          <p
            role="note"
            className="mt-4 rounded-lg border border-zinc-200 bg-white px-4 py-3 text-sm text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300"
          >
            {denial}
          </p>
        ) : null}
        <SchedulesAdmin denial={denial} />
      </main>
    </div>
  );
}

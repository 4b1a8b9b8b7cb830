import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { NotificationsAdmin } from "@/components/notifications-admin";
import { SiteHeader } from "@/components/site-header";
import { canManageNotifications, canManageUsers } from "@/lib/auth/page-permissions";
import { requirePageSession } from "@/lib/auth/server/page-session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("Notifications");
  return { title: t("metaTitle") };
}

export default async function NotificationsPage() {
  const { user } = await requirePageSession("/admin/notifications");
  const t = await getTranslations("Notifications");
  return (
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
      <SiteHeader user={user} current="notifications" canManageUsers={canManageUsers(user.role)} />
      <main className="mt-6">
        <h1 className="text-2xl font-semibold tracking-tight">{t("heading")}</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t("intro")}</p>
        {canManageNotifications(user.role) ? (
          <NotificationsAdmin />
        ) : (
          <p
            role="note"
            className="mt-6 rounded-lg border border-zinc-200 bg-white px-4 py-3 text-sm dark:border-zinc-800 dark:bg-zinc-900"
          >
            {t("noAccess")}
          </p>
        )}
      </main>
    </div>
  );
}

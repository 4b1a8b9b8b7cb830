import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ApiKeysAdmin } from "@/components/api-keys-admin";
import { SiteHeader } from "@/components/site-header";
import { canManageUsers, managesEveryonesApiKeys } from "@/lib/auth/page-permissions";
import { requirePageSession } from "@/lib/auth/server/page-session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("ApiKeys");
  return { title: t("metaTitle") };
}

export default async function ApiKeysPage() {
  const { user } = await requirePageSession("/settings/api-keys");
  const t = await getTranslations("ApiKeys");
  const everyone = managesEveryonesApiKeys(user.role);
  return (
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
      <SiteHeader user={user} current="api-keys" canManageUsers={canManageUsers(user.role)} />
      <main className="mt-6">
        <h1 className="text-2xl font-semibold tracking-tight">{t("heading")}</h1>
        <p className="mt-1 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
          {t.rich("intro", {
            code: (chunks) => <code className="font-mono text-xs">{chunks}</code>,
          })}
        </p>
        <ApiKeysAdmin role={user.role} everyone={everyone} currentUserId={user.id} />
      </main>
    </div>
  );
}

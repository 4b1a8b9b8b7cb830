import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/auth-card";
import { SetupForm } from "@/components/setup-form";
import { getStore } from "@/lib/store/store";
import { listUsers } from "@/lib/users/server/users";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("Setup");
  return { title: t("metaTitle") };
}

// The first run: open with the link the server printed at start (/setup?token=…). Whether the token is
// valid is checked by POST /api/setup; this page only says when there is nothing left to set up.
export default async function SetupPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await searchParams;
  const hasUsers = (await listUsers(await getStore())).length > 0;
  const t = await getTranslations("Setup");

  if (hasUsers) {
    return (
      <AuthCard title={t("doneTitle")} intro={t("doneIntro")}>
        <p className="text-sm">
          {t.rich("doneBody", {
            link: (chunks) => (
              <Link href="/sign-in" className="font-medium text-blue-700 underline dark:text-blue-400">
                {chunks}
              </Link>
            ),
          })}
        </p>
      </AuthCard>
    );
  }
  if (typeof token !== "string" || token === "") {
    return (
      <AuthCard title={t("firstRunTitle")} intro={t("firstRunIntro")}>
        {/* The <code> is what the server prints, in English whatever the reader's language. */}
        <p className="text-sm">{t.rich("firstRunBody", { code: (chunks) => <code>{chunks}</code> })}</p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t("createTitle")} intro={t("createIntro")}>
      <SetupForm token={token} />
    </AuthCard>
  );
}

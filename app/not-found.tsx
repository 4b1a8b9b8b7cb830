import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/auth-card";
import { buttonStyles } from "@/components/styles";

// What an unknown address shows, in the viewer's language (Next's own 404 is English only).
// A server component with a plain link, so it sends no JavaScript of its own: this page is also the
// size bench's floor (scripts/bench.ts).
export default async function NotFound() {
  const t = await getTranslations("NotFound");
  return (
    <AuthCard title={t("title")} intro={t("intro")}>
      {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a full load from a 404 is fine, and a <Link> would put client code on the size bench's floor page */}
      <a href="/" className={`${buttonStyles.primary} w-full`}>
        {t("home")}
      </a>
    </AuthCard>
  );
}

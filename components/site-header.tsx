import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { UserMenu } from "@/components/user-menu";
import { canManageNotifications } from "@/lib/auth/page-permissions";
import { roleLabelKey } from "@/lib/auth/role-names";
import type { SignedInUser } from "@/lib/auth/signed-in-user";

export type Section = "backups" | "schedules" | "audit" | "users" | "notifications" | "api-keys";

interface SiteHeaderProps {
  user: SignedInUser;
  /** The section the page belongs to; null for a page of none (a server's page). */
  current: Section | null;
  /** Whether the role may manage users: otherwise the link is shown disabled, with the reason. */
  canManageUsers: boolean;
  /** Shown beside the user menu, e.g. the simulator badge. */
  badge?: ReactNode;
}

const link =
  "rounded-md px-3 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-100 hover:text-zinc-950 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-zinc-50";
const currentLink =
  "rounded-md bg-zinc-200/70 px-3 py-2 text-sm font-semibold text-zinc-950 dark:bg-zinc-800 dark:text-zinc-50";

/** The bar on every signed-in page: where to go, and who is signed in. */
export async function SiteHeader({ user, current, canManageUsers, badge }: SiteHeaderProps) {
  const t = await getTranslations("SiteHeader");
  const tCommon = await getTranslations("Common");
  const tRoles = await getTranslations("Roles");
  const item = (section: Section, href: string, label: string) => (
    <Link
      href={href}
      className={current === section ? currentLink : link}
      aria-current={current === section ? "page" : undefined}
    >
      {label}
    </Link>
  );
  return (
    <header className="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-200 pb-4 dark:border-zinc-800">
      <nav aria-label={t("navLabel")} className="flex flex-wrap items-center gap-1">
        <span className="mr-3 font-semibold tracking-tight">{tCommon("appName")}</span>
        {item("backups", "/", t("backups"))}
        {item("schedules", "/schedules", t("schedules"))}
        {item("audit", "/audit", t("audit"))}
        {canManageUsers ? (
          item("users", "/admin/users", t("users"))
        ) : (
          <>
            <span
              role="link"
              aria-disabled="true"
              aria-describedby="users-link-reason"
              title={t("usersDenied")}
              className="cursor-not-allowed px-3 py-2 text-sm font-medium text-zinc-600 dark:text-zinc-400"
            >
              {t("users")}
            </span>
            <span id="users-link-reason" className="sr-only">
              {t("usersDenied")}
            </span>
          </>
        )}
        {/* Only admins manage notifications: others are not shown the link at all. */}
        {canManageNotifications(user.role) ? item("notifications", "/admin/notifications", t("notifications")) : null}
        {item("api-keys", "/settings/api-keys", t("apiKeys"))}
      </nav>
      <div className="flex flex-wrap items-center gap-3">
        {badge}
        <UserMenu name={user.name || user.email} email={user.email} roleLabel={tRoles(roleLabelKey(user.role))} />
      </div>
    </header>
  );
}

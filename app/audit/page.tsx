import type { Metadata } from "next";
import { AuditLog } from "@/components/audit-log";
import { SiteHeader } from "@/components/site-header";
import { canManageUsers, canReadAudit, youAre } from "@/lib/auth/page-permissions";
import { requirePageSession } from "@/lib/auth/server/page-session";

export const metadata: Metadata = { title: "Audit log · VPS.org backups" };

export default async function AuditPage() {
  const { user } = await requirePageSession("/audit");
  return (
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
      <SiteHeader user={user} current="audit" canManageUsers={canManageUsers(user.role)} />
      <main className="mt-6">
        <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Every backup created, deleted or restored through the dashboard — each first as an attempt, then with
          VPS.org&apos;s outcome — and every sign-in and change to a user. Entries are never edited or deleted.
        </p>
        {canReadAudit(user.role) ? (
          <AuditLog />
        ) : (
          <p
            role="note"
            className="mt-6 rounded-lg border border-zinc-200 bg-white px-4 py-3 text-sm dark:border-zinc-800 dark:bg-zinc-900"
          >
            Your role does not allow reading the audit log: {youAre(user.role)}.
          </p>
        )}
      </main>
    </div>
  );
}

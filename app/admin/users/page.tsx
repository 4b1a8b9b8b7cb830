import type { Metadata } from "next";
import { SiteHeader } from "@/components/site-header";
import { UsersAdmin } from "@/components/users-admin";
import { canManageUsers, youAre } from "@/lib/auth/page-permissions";
import { requirePageSession } from "@/lib/auth/server/page-session";

export const metadata: Metadata = { title: "Users · VPS.org backups" };

export default async function UsersPage() {
  const { user } = await requirePageSession("/admin/users");
  const allowed = canManageUsers(user.role);
  return (
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
      <SiteHeader user={user} current="users" canManageUsers={allowed} />
      <main className="mt-6">
        <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Who may sign in, and with which role: viewers see backups, servers and the audit log; operators also create
          backups; admins also delete, restore and manage users.
        </p>
        {allowed ? (
          <UsersAdmin currentUserId={user.id} />
        ) : (
          <p
            role="note"
            className="mt-6 rounded-lg border border-zinc-200 bg-white px-4 py-3 text-sm dark:border-zinc-800 dark:bg-zinc-900"
          >
            Only admins manage users, and {youAre(user.role)}.
          </p>
        )}
      </main>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth-card";
import { SetupForm } from "@/components/setup-form";
import { getStore } from "@/lib/store/store";
import { listUsers } from "@/lib/users/server/users";

export const metadata: Metadata = { title: "First run · VPS.org backups" };

// The first run: open with the link the server printed at start (/setup?token=…). Whether the token is
// valid is checked by POST /api/setup; this page only says when there is nothing left to set up.
export default async function SetupPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await searchParams;
  const hasUsers = (await listUsers(await getStore())).length > 0;
  const signIn = (
    <Link href="/sign-in" className="font-medium text-blue-700 underline dark:text-blue-400">
      Sign in
    </Link>
  );

  if (hasUsers) {
    return (
      <AuthCard title="Already set up" intro="This dashboard already has users, so the setup link no longer works.">
        <p className="text-sm">{signIn} with your account, or ask an admin to add you.</p>
      </AuthCard>
    );
  }
  if (typeof token !== "string" || token === "") {
    return (
      <AuthCard title="First run" intro="Nobody can sign in yet.">
        <p className="text-sm">
          Open the setup link the server printed when it started (<code>First run: open …/setup?token=…</code>), or
          start it with DASHBOARD_ADMIN_EMAIL and DASHBOARD_ADMIN_PASSWORD set.
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Create the first admin"
      intro="This link works once. The admin you create here can then add the rest of the team."
    >
      <SetupForm token={token} />
    </AuthCard>
  );
}

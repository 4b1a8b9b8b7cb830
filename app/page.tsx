import { connection } from "next/server";
import { Suspense } from "react";
import { BackupListSkeleton } from "@/components/backup-list-skeleton";
import { BackupsDashboard } from "@/components/backups-dashboard";
import { SimulatorBadge } from "@/components/simulator-badge";
import { upstreamConfig } from "@/lib/config/server-config";

export default async function HomePage() {
  // Rendered per request: the mode is this server's, not the build machine's.
  await connection();
  const { mode } = upstreamConfig();

  return (
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6 lg:px-8 lg:py-10">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Backups</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Every server&apos;s backups on the VPS.org account: make, delete and restore them.</p>
        </div>
        {mode === "simulator" ? <SimulatorBadge /> : null}
      </header>
      <main>
        {/* useSearchParams in the dashboard needs a Suspense boundary. */}
        <Suspense fallback={<BackupListSkeleton />}>
          <BackupsDashboard />
        </Suspense>
      </main>
    </div>
  );
}

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { backupViewSearch, readBackupView } from "@/lib/backups/backup-filters";
import type { BackupFilters } from "@/lib/backups/inputs";

/**
 * The page's filters, kept in its URL. Server and type are history entries (`router.push`), so
 * Back and Forward step through them; the search text replaces the current entry as it is
 * typed (one entry per keystroke would make Back useless) and is read back on Back/Forward.
 */
export function useBackupView() {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filters = useMemo(() => readBackupView(searchParams).filters, [searchParams]);
  const [q, setQ] = useState(() => readBackupView(searchParams).q);

  useEffect(() => {
    const onPopState = () => setQ(readBackupView(new URLSearchParams(window.location.search)).q);
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, []);

  const setFilters = useCallback(
    (next: BackupFilters) => router.push(`${pathname}${backupViewSearch({ filters: next, q })}`, { scroll: false }),
    [router, pathname, q],
  );

  const setSearch = useCallback(
    (text: string) => {
      setQ(text);
      // The search is applied in the browser: no navigation, no request, just the URL kept in step.
      window.history.replaceState(window.history.state, "", `${pathname}${backupViewSearch({ filters, q: text })}`);
    },
    [pathname, filters],
  );

  const clear = useCallback(() => {
    setQ("");
    router.push(pathname, { scroll: false });
  }, [router, pathname]);

  return { filters, q, setFilters, setSearch, clear };
}

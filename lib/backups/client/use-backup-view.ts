import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { backupViewSearch, readBackupView } from "@/lib/backups/backup-filters";
import type { HealthState } from "@/lib/backup-health/schemas";
import type { BackupFilters } from "@/lib/backups/inputs";

/**
 * The page's filters, kept in its URL. Server and type are history entries (`router.push`), so
 * Back and Forward step through them; the search text replaces the current entry as it is
 * typed (one entry per keystroke would make Back useless) and is read back on Back/Forward. The
 * health filter (a state of the health strip) is a history entry too.
 */
export function useBackupView() {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const { filters, health } = useMemo(() => readBackupView(searchParams), [searchParams]);
  const [q, setQ] = useState(() => readBackupView(searchParams).q);

  useEffect(() => {
    const onPopState = () => setQ(readBackupView(new URLSearchParams(window.location.search)).q);
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, []);

  const setFilters = useCallback(
    (next: BackupFilters) =>
      router.push(`${pathname}${backupViewSearch({ filters: next, q, health })}`, { scroll: false }),
    [router, pathname, q, health],
  );

  const setHealth = useCallback(
    (next: HealthState | undefined) =>
      router.push(`${pathname}${backupViewSearch({ filters, q, health: next })}`, { scroll: false }),
    [router, pathname, q, filters],
  );

  const setSearch = useCallback(
    (text: string) => {
      setQ(text);
      // The search is applied in the browser: no navigation, no request, just the URL kept in step.
      window.history.replaceState(
        window.history.state,
        "",
        `${pathname}${backupViewSearch({ filters, q: text, health })}`,
      );
    },
    [pathname, filters, health],
  );

  const clear = useCallback(() => {
    setQ("");
    router.push(pathname, { scroll: false });
  }, [router, pathname]);

  return { filters, q, health, setFilters, setSearch, setHealth, clear };
}

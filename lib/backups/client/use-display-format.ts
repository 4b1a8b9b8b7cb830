import { useLocale } from "next-intl";
import { useSyncExternalStore } from "react";

// The page's first render happens on the server, whose time zone is not the viewer's. Until
// hydration is over, times are formatted in UTC, the same on both sides; right after, in the
// viewer's own zone, without a hydration mismatch. Numbers and ages are in the dashboard's active
// language (next-intl's locale, the same on both sides), not the browser's default.

const subscribe = () => () => {};

export interface DisplayFormat {
  /** `undefined`: the browser's own. */
  timeZone: string | undefined;
  /** The active next-intl locale (`en`, `vi`). */
  locale: string;
}

const SERVER_ZONE = "UTC";
const BROWSER_ZONE = undefined;

export function useDisplayFormat(): DisplayFormat {
  const locale = useLocale();
  const timeZone = useSyncExternalStore(
    subscribe,
    () => BROWSER_ZONE,
    () => SERVER_ZONE,
  );
  return { timeZone, locale };
}

import { useSyncExternalStore } from "react";

// The page's first render happens on the server, whose time zone and locale are not the
// viewer's. Until hydration is over, times are formatted in UTC and numbers in English, the
// same on both sides; right after, in the viewer's own, without a hydration mismatch.

const subscribe = () => () => {};

export interface DisplayFormat {
  /** `undefined`: the browser's own. */
  timeZone: string | undefined;
  locale: string | undefined;
}

const SERVER: DisplayFormat = { timeZone: "UTC", locale: "en-US" };
const BROWSER: DisplayFormat = { timeZone: undefined, locale: undefined };

export function useDisplayFormat(): DisplayFormat {
  return useSyncExternalStore(
    subscribe,
    () => BROWSER,
    () => SERVER,
  );
}

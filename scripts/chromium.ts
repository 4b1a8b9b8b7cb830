// The Chromium that the e2e tests (playwright.config.ts) and the benchmark (scripts/bench.ts) drive:
// Debian's, with the flags that keep it quiet and steady in a container (no sandbox, no GPU, no
// background traffic that would skew a measurement).

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

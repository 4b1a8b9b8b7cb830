import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";

// The simulator is a separate process: the app reaches it only over HTTP.
const noSimulator = {
  group: ["@/simulator/*", "**/simulator/*"],
  message: "The app reaches the simulator only over HTTP.",
};
// The provider token lives in lib/vpsorg: client components talk to /api route handlers only.
const noServerModules = {
  group: ["@/lib/vpsorg/*", "@/lib/api/*", "@/lib/config/*"],
  message: "Client components talk to /api route handlers, never to the upstream or the server's configuration.",
};

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  globalIgnores([
    ".next/**",
    "out/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
    "bench-results/**",
    "data/**",
  ]),
  {
    files: ["app/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: [noSimulator] }] },
  },
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: [noSimulator, noServerModules] }] },
  },
  // Last: turns off the stylistic rules that Prettier owns (`npm run format`).
  prettier,
]);

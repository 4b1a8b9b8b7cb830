import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";

// The direction of imports (README, "How it is built"): app → components → lib/*/client (browser);
// app/api → lib/api → lib/*/server → lib/vpsorg, lib/db (server). Each feature folder in lib/ keeps
// its wire shapes and pure rules at its root (both sides), its browser code in client/ and its
// server-only code in server/. tests/lint/zones.test.ts proves each zone fires.

/** Features: each may use another's root files (schemas, pure rules) but not its client/ or server/. */
const features = ["backups", "servers", "users", "health", "events", "i18n", "notifications"];
/** Server-only folders: every module in them imports "server-only". */
const serverOnly = [
  "lib/*/server/**",
  "lib/api/**",
  "lib/db/**",
  "lib/store/**",
  "lib/vpsorg/**",
  "lib/config/**",
  "lib/http/server/**",
  "lib/log/**",
  "lib/metrics/**",
];
/** The lowest layers: they know no feature, no route wrapper and no sign-in. */
const bottom = ["lib/vpsorg", "lib/db", "lib/config", "lib/http"];

const zones = [
  {
    target: ["components/**", "lib/*/client/**"],
    from: serverOnly,
    message: "Browser code talks to the /api route handlers: it may not import server-only modules.",
  },
  {
    target: [...features, "audit", "auth", "http"].map((folder) => `lib/${folder}/*.ts`),
    from: ["lib/*/client/**", ...serverOnly],
    message:
      "A feature's root files (wire shapes, pure rules) are shared by both sides: they import neither client/ nor server/ code.",
  },
  ...features.map((feature) => ({
    target: [`lib/${feature}/**`],
    from: features
      .filter((other) => other !== feature)
      .flatMap((other) => [`lib/${other}/server/**`, `lib/${other}/client/**`]),
    // Matched against the absolute path of the imported file.
    except: features
      .filter((other) => other !== feature)
      .map((other) => `${import.meta.dirname}/lib/${other}/client/query-keys.{ts,tsx}`),
    message:
      "Features do not import each other's internals: use the other feature's root files (schemas, rules) or its query keys.",
  })),
  {
    target: ["lib/api/**"],
    from: features.map((feature) => `lib/${feature}/**`),
    message: "The route wrapper imports no feature: domain errors carry their API answer (toApiError).",
  },
  {
    target: bottom.map((folder) => `${folder}/**`),
    from: ["lib/api/**", "lib/store/**", "lib/auth/**", "lib/audit/**", ...features.map((f) => `lib/${f}/**`)],
    message: "lib/vpsorg, lib/db, lib/config and lib/http are the bottom layers: they import nothing above them.",
  },
  {
    target: ["app/**"],
    from: ["lib/vpsorg/**", "lib/db/**"],
    message: "Pages and route handlers reach VPS.org and the database through lib/api and the features' server/ code.",
  },
  {
    target: ["app/**", "components/**", "lib/**", "instrumentation.ts", "instrumentation-node.ts"],
    from: ["simulator/**"],
    message: "The app reaches the simulator only over HTTP.",
  },
];

// The provider token: only lib/vpsorg resolves the upstream configuration that holds it (start-up
// validation may parse it too); everyone else asks lib/config/server-config.ts for the mode.
const tokenReaders = ["lib/vpsorg/**", "lib/config/**", "instrumentation-node.ts", "scripts/**", "tests/**"];

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  globalIgnores([
    ".next/**",
    "out/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
    "test-logs/**",
    "bench-results/**",
    "data/**",
    "tests/lint/fixtures/**",
  ]),
  {
    files: [
      "app/**/*.{ts,tsx}",
      "components/**/*.{ts,tsx}",
      "lib/**/*.{ts,tsx}",
      "instrumentation*.ts",
      "tests/lint/fixtures/**",
    ],
    ignores: ["**/*.test.ts"],
    rules: {
      "import/no-restricted-paths": ["error", { basePath: import.meta.dirname, zones }],
      "import/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  {
    files: ["**/*.{ts,tsx}"],
    ignores: tokenReaders,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@/lib/config/env-schema",
              importNames: ["resolveUpstream"],
              message: "Only lib/vpsorg reads the provider token: use upstreamMode() from lib/config/server-config.",
            },
          ],
        },
      ],
    },
  },
  // Last: turns off the stylistic rules that Prettier owns (`npm run format`).
  prettier,
]);

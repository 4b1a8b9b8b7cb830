import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// Each zone of eslint.config.mjs fires: a file that breaks it fails lint. The code is linted as if it
// stood at `filePath` (the zones are decided by where a file is); the imported modules are real.

const root = path.resolve(import.meta.dirname, "../..");
let eslint: ESLint;

beforeAll(() => {
  // ignore: false so the cycle fixtures (ignored by `npm run lint`) are linted here.
  eslint = new ESLint({ cwd: root, ignore: false });
});

/** Lints `code` as the file at `filePath`, written there for the moment (import rules read files from disk). */
async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const absolute = path.join(root, filePath);
  const existed = existsSync(absolute);
  if (!existed) {
    mkdirSync(path.dirname(absolute), { recursive: true });
    writeFileSync(absolute, code);
  }
  try {
    const [result] = await eslint.lintText(code, { filePath: absolute });
    return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
  } finally {
    if (!existed) rmSync(absolute);
  }
}

// `says`: a fragment of the zone's own message, so a case passes only by the zone it names.
const cases: { zone: string; filePath: string; code: string; rule: string; says: string }[] = [
  {
    zone: "components may not import a feature's server code",
    filePath: "components/zone-probe.tsx",
    code: 'import { loadBackupList } from "@/lib/backups/server/load-backup-list";\nexport const probe = loadBackupList;\n',
    rule: "import/no-restricted-paths",
    says: "Browser code talks",
  },
  {
    zone: "browser code (lib/*/client) may not import the store",
    filePath: "lib/backups/client/zone-probe.ts",
    code: 'import { getStore } from "@/lib/store/store";\nexport const probe = getStore;\n',
    rule: "import/no-restricted-paths",
    says: "Browser code talks",
  },
  {
    zone: "components may not import the provider client",
    filePath: "components/zone-probe.tsx",
    code: 'import { vpsorg } from "@/lib/vpsorg/server";\nexport const probe = vpsorg;\n',
    rule: "import/no-restricted-paths",
    says: "Browser code talks",
  },
  {
    zone: "a feature's shared root files may not import its client code",
    filePath: "lib/backups/zone-probe.ts",
    code: 'import { backupKeys } from "@/lib/backups/client/query-keys";\nexport const probe = backupKeys;\n',
    rule: "import/no-restricted-paths",
    says: "shared by both sides",
  },
  {
    zone: "a feature's shared root files may not import server code",
    filePath: "lib/users/zone-probe.ts",
    code: 'import { listUsers } from "@/lib/users/server/users";\nexport const probe = listUsers;\n',
    rule: "import/no-restricted-paths",
    says: "shared by both sides",
  },
  {
    zone: "features do not import each other's internals",
    filePath: "lib/backups/server/zone-probe.ts",
    code: 'import { listUsers } from "@/lib/users/server/users";\nexport const probe = listUsers;\n',
    rule: "import/no-restricted-paths",
    says: "each other's internals",
  },
  {
    zone: "the events feature does not import another feature's server code",
    filePath: "lib/events/server/zone-probe.ts",
    code: 'import { loadBackupList } from "@/lib/backups/server/load-backup-list";\nexport const probe = loadBackupList;\n',
    rule: "import/no-restricted-paths",
    says: "each other's internals",
  },
  {
    zone: "the route wrapper imports no feature",
    filePath: "lib/api/zone-probe.ts",
    code: 'import { backupListSchema } from "@/lib/backups/schemas";\nexport const probe = backupListSchema;\n',
    rule: "import/no-restricted-paths",
    says: "imports no feature",
  },
  {
    zone: "the provider client imports nothing above it",
    filePath: "lib/vpsorg/zone-probe.ts",
    code: 'import { getStore } from "@/lib/store/store";\nexport const probe = getStore;\n',
    rule: "import/no-restricted-paths",
    says: "bottom layers",
  },
  {
    zone: "route handlers reach VPS.org through lib/api and the features, not directly",
    filePath: "app/zone-probe-route.ts",
    code: 'import { listBackups } from "@/lib/vpsorg/list-backups";\nexport const probe = listBackups;\n',
    rule: "import/no-restricted-paths",
    says: "through lib/api",
  },
  {
    zone: "nothing in the app imports the simulator",
    filePath: "lib/zone-probe.ts",
    code: 'import { startSimulator } from "@/simulator/server";\nexport const probe = startSimulator;\n',
    rule: "import/no-restricted-paths",
    says: "only over HTTP",
  },
  {
    zone: "only lib/vpsorg resolves the upstream configuration that holds the token",
    filePath: "app/zone-probe.tsx",
    code: 'import { resolveUpstream } from "@/lib/config/env-schema";\nexport const probe = resolveUpstream;\n',
    rule: "no-restricted-imports",
    says: "Only lib/vpsorg reads",
  },
];

describe("import zones", () => {
  it.each(cases)(
    "fires: $zone",
    async ({ filePath, code, rule, says }) => {
      const reported = await ruleIds(filePath, code);
      expect(
        reported.some((line) => line.startsWith(`${rule}: `) && line.includes(says)),
        reported.join("\n"),
      ).toBe(true);
    },
    60_000,
  );

  it("lets a feature's client code use another feature's query keys (the allowed door)", async () => {
    const code =
      'import { backupKeys } from "@/lib/backups/client/query-keys";\nimport { LIVE_POLL_MS } from "@/lib/backups/backup-status";\nexport const probe = [backupKeys, LIVE_POLL_MS];\n';
    expect(await ruleIds("lib/servers/client/zone-probe.ts", code)).toEqual([]);
  }, 60_000);

  it("lets browser code import a feature's wire shapes", async () => {
    const code = 'import { backupListSchema } from "@/lib/backups/schemas";\nexport const probe = backupListSchema;\n';
    expect(await ruleIds("components/zone-probe.tsx", code)).toEqual([]);
  }, 60_000);

  it("fires on an import cycle", async () => {
    const file = "tests/lint/fixtures/cycle-a.ts";
    expect(
      (await ruleIds(file, readFileSync(path.join(root, file), "utf8"))).some((line) =>
        line.startsWith("import/no-cycle"),
      ),
    ).toBe(true);
  }, 60_000);
});

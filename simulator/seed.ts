/**
 * Seed data. Deterministic for a given seed name; every timestamp is relative to `nowMs`
 * (the simulator's start or reset time).
 */
import {
  type AccountRecord,
  type BackupOutcome,
  type BackupRecord,
  type OperatingSystem,
  type Plan,
  type ServerBaseStatus,
  type ServerRecord,
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  OPERATING_SYSTEMS,
  PLANS,
  backupSizeMb,
  hostnameFor,
  ipAddressFor,
} from "./model";
import { createRandom } from "./prng";

export const SEED_NAMES = ["default", "empty", "large"] as const;
export type SeedName = (typeof SEED_NAMES)[number];

export interface SeedData {
  servers: ServerRecord[];
  backups: BackupRecord[];
  account: AccountRecord;
}

export const FIRST_BACKUP_ID = 401;
const AUTOMATIC_DESCRIPTION = "Automatic daily backup";
/** How long a seeded automatic backup took; capped so none is still running at start. */
const AUTOMATIC_BACKUP_DURATION_MS = 14 * MINUTE_MS;

export function buildSeed(name: SeedName, nowMs: number, backupDurationMs: number): SeedData {
  const builder = new SeedBuilder(nowMs, backupDurationMs);
  switch (name) {
    case "default":
      seedDefault(builder, true);
      break;
    case "empty":
      seedDefault(builder, false);
      break;
    case "large":
      seedLarge(builder);
      break;
  }
  return { servers: builder.servers, backups: builder.backups, account: buildAccount(nowMs) };
}

function buildAccount(nowMs: number): AccountRecord {
  return {
    email: "ops@example.com",
    firstName: "Alex",
    lastName: "Moreau",
    companyName: "Example Hosting Ltd",
    createdAtMs: nowMs - 412 * DAY_MS,
    tokenName: "backups-dashboard",
    tokenCreatedAtMs: nowMs - 31 * DAY_MS,
  };
}

interface ServerSpec {
  id: number;
  name: string;
  hostname?: string;
  status: ServerBaseStatus;
  location: string;
  plan: Plan;
  os: OperatingSystem;
  diskUsageMb: number;
  createdDaysAgo: number;
  updatedDaysAgo: number;
}

interface ManualSpec {
  description: string;
  /** Days before the day of the latest 03:00 UTC run. */
  daysAgo: number;
  /** UTC time of day, "HH:MM". */
  at: string;
  outcome?: BackupOutcome;
}

/** A seeded server and the backups it starts with (when the seed has backups). */
interface FleetEntry {
  server: ServerSpec;
  /** Days before the latest 03:00 UTC run, and how many days each is kept. */
  automatic?: { daysAgo: readonly number[]; retentionDays: number };
  manual?: readonly ManualSpec[];
  /** A manual backup started at the seed's time, still running. */
  inProgress?: string;
}

class SeedBuilder {
  readonly servers: ServerRecord[] = [];
  readonly backups: BackupRecord[] = [];
  private nextBackupId = FIRST_BACKUP_ID;
  /** The latest 03:00 UTC at or before now: automatic backups run daily at that time. */
  readonly lastAutomaticRunMs: number;

  constructor(
    readonly nowMs: number,
    private readonly backupDurationMs: number,
  ) {
    const dayStart = Math.floor(nowMs / DAY_MS) * DAY_MS;
    const todaysRun = dayStart + 3 * HOUR_MS;
    this.lastAutomaticRunMs = todaysRun <= nowMs ? todaysRun : todaysRun - DAY_MS;
  }

  server(spec: ServerSpec): ServerRecord {
    const server: ServerRecord = {
      id: spec.id,
      name: spec.name,
      hostname: spec.hostname ?? hostnameFor(spec.name, spec.id),
      status: spec.status,
      ipAddress: ipAddressFor(spec.id),
      location: spec.location,
      plan: spec.plan,
      os: spec.os,
      createdAtMs: this.lastAutomaticRunMs - spec.createdDaysAgo * DAY_MS - 5 * HOUR_MS,
      updatedAtMs: this.lastAutomaticRunMs - spec.updatedDaysAgo * DAY_MS,
      restoringUntilMs: null,
      diskUsageMb: spec.diskUsageMb,
    };
    this.servers.push(server);
    return server;
  }

  /** One automatic backup per listed day (days before the latest 03:00 UTC run). */
  automatic(server: ServerRecord, daysAgo: Iterable<number>, retentionDays: number): void {
    for (const days of daysAgo) {
      const createdAtMs = this.lastAutomaticRunMs - days * DAY_MS;
      this.add(server, {
        backupType: "automatic",
        description: AUTOMATIC_DESCRIPTION,
        createdAtMs,
        completesAtMs: Math.min(createdAtMs + AUTOMATIC_BACKUP_DURATION_MS, this.nowMs),
        outcome: "completed",
        expiresAtMs: createdAtMs + retentionDays * DAY_MS,
      });
    }
  }

  manual(server: ServerRecord, specs: readonly ManualSpec[]): void {
    const runDayStart = this.lastAutomaticRunMs - 3 * HOUR_MS;
    for (const spec of specs) {
      const [hours = 0, minutes = 0] = spec.at.split(":").map(Number);
      const createdAtMs = runDayStart - spec.daysAgo * DAY_MS + hours * HOUR_MS + minutes * MINUTE_MS;
      this.add(server, {
        backupType: "manual",
        description: spec.description,
        createdAtMs,
        completesAtMs: createdAtMs + 9 * MINUTE_MS,
        outcome: spec.outcome ?? "completed",
        expiresAtMs: null,
      });
    }
  }

  /** A manual backup started right now: in progress for the configured backup duration. */
  manualInProgress(server: ServerRecord, description: string): void {
    this.add(server, {
      backupType: "manual",
      description,
      createdAtMs: this.nowMs,
      completesAtMs: this.nowMs + this.backupDurationMs,
      outcome: "completed",
      expiresAtMs: null,
    });
  }

  private add(server: ServerRecord, fields: Omit<BackupRecord, "id" | "serverId" | "sizeMb">): void {
    const id = this.nextBackupId++;
    this.backups.push({ ...fields, id, serverId: server.id, sizeMb: backupSizeMb(server.diskUsageMb, id) });
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/**
 * Six servers and their backups. Within a server, automatic backups get ids before manual ones, so
 * ids do not follow creation dates (the API never promised an order).
 */
const DEFAULT_FLEET: readonly FleetEntry[] = [
  // 21 daily runs kept 14 days: the 7 oldest have expired and are not listed.
  {
    server: {
      id: 12345,
      name: "web-server-01",
      status: "active",
      location: "us-west",
      plan: PLANS.standard,
      os: OPERATING_SYSTEMS.ubuntu,
      diskUsageMb: 4500,
      createdDaysAgo: 240,
      updatedDaysAgo: 2,
    },
    automatic: { daysAgo: range(0, 20).reverse(), retentionDays: 14 },
    manual: [
      { description: "Pre-update backup", daysAgo: 2, at: "10:30" },
      { description: "Before nginx 1.27 upgrade", daysAgo: 6, at: "16:05" },
      { description: "Pre-deployment backup", daysAgo: 11, at: "09:12" },
    ],
  },
  // Manual quota full: exactly 10 manual backups.
  {
    server: {
      id: 12346,
      name: "db-primary",
      status: "active",
      location: "eu-central",
      plan: PLANS.performance,
      os: OPERATING_SYSTEMS.debian,
      diskUsageMb: 23800,
      createdDaysAgo: 380,
      updatedDaysAgo: 1,
    },
    automatic: { daysAgo: range(0, 13).reverse(), retentionDays: 30 },
    manual: [
      { description: "Before schema migration 0042", daysAgo: 1, at: "22:40" },
      { description: "Weekly manual snapshot", daysAgo: 4, at: "08:00" },
      { description: "", daysAgo: 7, at: "13:17" },
      { description: "Before PostgreSQL 16.4 minor upgrade", daysAgo: 9, at: "19:55" },
      { description: "Pre-reindex", daysAgo: 13, at: "06:30" },
      { description: "Before VACUUM FULL on events", daysAgo: 17, at: "23:10" },
      { description: "Quarterly compliance snapshot", daysAgo: 21, at: "12:00" },
      { description: "Pre-failover test", daysAgo: 26, at: "14:45" },
      { description: "Before pg_repack", daysAgo: 33, at: "02:20" },
      { description: "Ops ticket #4471", daysAgo: 41, at: "11:11" },
    ],
  },
  // 10 daily runs kept 7 days; one manual backup still running at start.
  {
    server: {
      id: 12347,
      name: "staging-東京",
      hostname: "staging-tokyo.example.com",
      status: "active",
      location: "ap-northeast",
      plan: PLANS.starter,
      os: OPERATING_SYSTEMS.ubuntu,
      diskUsageMb: 2900,
      createdDaysAgo: 95,
      updatedDaysAgo: 3,
    },
    automatic: { daysAgo: range(0, 9).reverse(), retentionDays: 7 },
    manual: [
      { description: "リリース v2.3 前のスナップショット", daysAgo: 3, at: "05:20" },
      { description: "テスト用", daysAgo: 8, at: "01:45" },
    ],
    inProgress: "デプロイ前のバックアップ",
  },
  // Stopped server: a few backups, one failed.
  {
    server: {
      id: 12348,
      name: "legacy-app-03",
      status: "stopped",
      location: "us-east",
      plan: PLANS.standard8,
      os: OPERATING_SYSTEMS.rocky,
      diskUsageMb: 9100,
      createdDaysAgo: 700,
      updatedDaysAgo: 12,
    },
    automatic: { daysAgo: [22, 15], retentionDays: 30 },
    manual: [
      { description: "Before PHP 8.3 upgrade", daysAgo: 25, at: "18:00" },
      { description: "Before decommission", daysAgo: 12, at: "09:30" },
      { description: "Nightly export", daysAgo: 14, at: "00:05", outcome: "failed" },
    ],
  },
  {
    server: {
      id: 12349,
      name: "mail-αθήνα",
      hostname: "mail-athens.example.com",
      status: "active",
      location: "eu-west",
      plan: PLANS.starter,
      os: OPERATING_SYSTEMS.debian,
      diskUsageMb: 1500,
      createdDaysAgo: 150,
      updatedDaysAgo: 4,
    },
    automatic: { daysAgo: range(0, 6).reverse(), retentionDays: 21 },
    manual: [
      { description: "резервная копия перед обновлением", daysAgo: 4, at: "07:15" },
      { description: "αντίγραφο ασφαλείας πριν την αναβάθμιση", daysAgo: 9, at: "20:50" },
    ],
  },
  {
    server: {
      id: 12350,
      name: "empty-box",
      status: "active",
      location: "us-west",
      plan: PLANS.starter,
      os: OPERATING_SYSTEMS.ubuntu,
      diskUsageMb: 900,
      createdDaysAgo: 2,
      updatedDaysAgo: 2,
    },
  },
];

function seedDefault(b: SeedBuilder, withBackups: boolean): void {
  for (const entry of DEFAULT_FLEET) {
    const server = b.server(entry.server);
    if (!withBackups) continue;
    if (entry.automatic) b.automatic(server, entry.automatic.daysAgo, entry.automatic.retentionDays);
    if (entry.manual) b.manual(server, entry.manual);
    if (entry.inProgress !== undefined) b.manualInProgress(server, entry.inProgress);
  }
}

const LARGE_SERVER_COUNT = 200;
const LARGE_BACKUPS_PER_SERVER = 25;
const LOCATIONS = ["us-west", "us-east", "eu-central", "eu-west", "ap-northeast", "ap-southeast"] as const;
const LARGE_PLANS = [PLANS.starter, PLANS.standard, PLANS.standard8, PLANS.performance] as const;
const LARGE_OSES = [OPERATING_SYSTEMS.ubuntu, OPERATING_SYSTEMS.debian, OPERATING_SYSTEMS.rocky] as const;
const LARGE_STATUSES: readonly ServerBaseStatus[] = [
  "active",
  "active",
  "active",
  "active",
  "active",
  "stopped",
  "suspended",
];

/** 200 servers × 25 unexpired backups = 5,000 listed backups, for benchmarks. */
function seedLarge(b: SeedBuilder): void {
  const random = createRandom("large");
  for (let i = 1; i <= LARGE_SERVER_COUNT; i++) {
    const plan = random.pick(LARGE_PLANS);
    const server = b.server({
      id: 20000 + i,
      name: `node-${String(i).padStart(3, "0")}`,
      status: random.pick(LARGE_STATUSES),
      location: random.pick(LOCATIONS),
      plan,
      os: random.pick(LARGE_OSES),
      diskUsageMb: random.int(800, plan.storage * 190),
      createdDaysAgo: random.int(40, 900),
      updatedDaysAgo: random.int(0, 30),
    });
    const manualCount = random.int(0, 8);
    b.automatic(server, range(0, LARGE_BACKUPS_PER_SERVER - manualCount - 1).reverse(), 30);
    b.manual(
      server,
      range(1, manualCount).map((n) => ({
        description: `Manual backup #${n}`,
        daysAgo: random.int(1, 60),
        at: `${String(random.int(0, 23)).padStart(2, "0")}:${String(random.int(0, 59)).padStart(2, "0")}`,
        outcome: random.next() < 0.05 ? ("failed" as const) : ("completed" as const),
      })),
    );
  }
}

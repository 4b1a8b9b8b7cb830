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
  SERVER_STATUSES,
  backupSizeMb,
  hostnameFor,
  ipAddressFor,
} from "./model";
import { z } from "zod";
import defaultFleet from "./default-fleet.json";
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

/**
 * The default seed's servers and the backups each starts with (when the seed has backups), as data
 * in default-fleet.json: "about" says what each is there to show; plans and systems are named by
 * their keys in PLANS and OPERATING_SYSTEMS; automatic backups are either `dailyRuns` (one a day, the
 * latest at the latest 03:00 UTC run) or the days before it they ran.
 */
const fleetEntrySchema = z.strictObject({
  about: z.string(),
  server: z.strictObject({
    id: z.int(),
    name: z.string(),
    hostname: z.string().optional(),
    status: z.enum(SERVER_STATUSES),
    location: z.string(),
    plan: z.enum(Object.keys(PLANS) as [keyof typeof PLANS]),
    os: z.enum(Object.keys(OPERATING_SYSTEMS) as [keyof typeof OPERATING_SYSTEMS]),
    diskUsageMb: z.int(),
    createdDaysAgo: z.int(),
    updatedDaysAgo: z.int(),
  }),
  automatic: z
    .union([
      z.strictObject({ dailyRuns: z.int().positive(), retentionDays: z.int() }),
      z.strictObject({ daysAgo: z.array(z.int().nonnegative()), retentionDays: z.int() }),
    ])
    .optional(),
  manual: z
    .array(
      z.strictObject({
        description: z.string(),
        daysAgo: z.int(),
        at: z.string().regex(/^\d{2}:\d{2}$/),
        outcome: z.enum(["completed", "failed"] satisfies BackupOutcome[]).optional(),
      }),
    )
    .optional(),
  /** A manual backup started at the seed's time, still running. */
  inProgress: z.string().optional(),
});

const DEFAULT_FLEET = z.array(fleetEntrySchema).parse(defaultFleet);

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

function seedDefault(b: SeedBuilder, withBackups: boolean): void {
  // Within a server, automatic backups get ids before manual ones, so ids do not follow creation
  // dates (the API never promised an order).
  for (const entry of DEFAULT_FLEET) {
    const server = b.server({
      ...entry.server,
      plan: PLANS[entry.server.plan],
      os: OPERATING_SYSTEMS[entry.server.os],
    });
    if (!withBackups) continue;
    const automatic = entry.automatic;
    if (automatic) {
      const daysAgo = "dailyRuns" in automatic ? range(0, automatic.dailyRuns - 1).reverse() : automatic.daysAgo;
      b.automatic(server, daysAgo, automatic.retentionDays);
    }
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

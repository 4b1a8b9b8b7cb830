import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it, vi } from "vitest";
import { resolveAuthConfig, parseAuthEnv, GENERATED_SECRET_FILE } from "@/lib/auth/server/auth-env";
import { openDatabase } from "@/lib/db/database";
import { ensurePrivateDir, ensurePrivateFile, tightenFile } from "@/lib/db/private-files";
import { captureLogs } from "../../tests/log-lines";

const modeOf = (file: string) => statSync(file).mode & 0o777;
const scratch = () => mkdtempSync(path.join(tmpdir(), "vpsdash-private-"));

afterEach(() => {
  vi.restoreAllMocks();
});

describe("ensurePrivateDir", () => {
  it("creates every missing level 0700 and leaves the existing parent alone", () => {
    const base = scratch();
    chmodSync(base, 0o755);
    ensurePrivateDir(path.join(base, "a", "b", "c"), { tightenExisting: false });
    expect(modeOf(base)).toBe(0o755);
    for (const level of ["a", "a/b", "a/b/c"]) expect(modeOf(path.join(base, level))).toBe(0o700);
  });

  it("tightens an existing folder of the dashboard's own", () => {
    const dir = path.join(scratch(), "data");
    mkdirSync(dir, { mode: 0o777 });
    chmodSync(dir, 0o777);
    ensurePrivateDir(dir, { tightenExisting: true });
    expect(modeOf(dir)).toBe(0o700);
  });

  it("leaves an existing folder the operator chose as it is, and says so", () => {
    const logs = captureLogs();
    const dir = scratch();
    chmodSync(dir, 0o755);
    try {
      ensurePrivateDir(dir, { tightenExisting: false });
    } finally {
      logs.restore();
    }
    expect(modeOf(dir)).toBe(0o755);
    expect(logs.lines).toContainEqual(
      expect.objectContaining({
        level: "warn",
        component: "store",
        msg: expect.stringContaining(`${dir} can be listed by other local users (mode 0755)`),
      }),
    );
  });
});

describe("ensurePrivateFile and tightenFile", () => {
  it("creates a missing file empty and 0600", () => {
    const file = path.join(scratch(), "store.sqlite");
    ensurePrivateFile(file);
    expect(modeOf(file)).toBe(0o600);
    expect(readFileSync(file, "utf8")).toBe("");
  });

  it.each([0o644, 0o666, 0o640, 0o604, 0o777])("tightens an existing file of mode %o, keeping its content", (mode) => {
    const file = path.join(scratch(), "store.sqlite");
    writeFileSync(file, "kept");
    chmodSync(file, mode);
    ensurePrivateFile(file);
    expect(modeOf(file)).toBe(mode & 0o700);
    expect(readFileSync(file, "utf8")).toBe("kept");
  });

  it("leaves a private file, and a missing one, alone", () => {
    const file = path.join(scratch(), "store.sqlite-wal");
    tightenFile(file);
    writeFileSync(file, "", { mode: 0o600 });
    tightenFile(file);
    expect(modeOf(file)).toBe(0o600);
  });
});

describe("the SQLite store's files", () => {
  it("are 0600 in a 0700 folder, the WAL and shared-memory files included, after a write", async () => {
    const dir = path.join(scratch(), "data");
    const file = path.join(dir, "dashboard.sqlite");
    const connection = openDatabase({ kind: "sqlite", file, ownFolder: true });
    try {
      await sql`create table t (x text)`.execute(connection.db);
      await sql`insert into t values ('written')`.execute(connection.db);
      expect(modeOf(dir)).toBe(0o700);
      for (const name of ["dashboard.sqlite", "dashboard.sqlite-wal", "dashboard.sqlite-shm"])
        expect(modeOf(path.join(dir, name)), name).toBe(0o600);
    } finally {
      await connection.close();
    }
  });

  it("tightens the folder, the database, its WAL and shared-memory files left looser by an earlier run", async () => {
    const dir = path.join(scratch(), "data");
    const file = path.join(dir, "dashboard.sqlite");
    const first = openDatabase({ kind: "sqlite", file, ownFolder: true });
    await sql`create table t (x text)`.execute(first.db);
    // What an earlier version left: everything readable by every local user (the WAL kept open).
    chmodSync(dir, 0o755);
    for (const name of ["dashboard.sqlite", "dashboard.sqlite-wal", "dashboard.sqlite-shm"])
      chmodSync(path.join(dir, name), 0o644);
    const second = openDatabase({ kind: "sqlite", file, ownFolder: true });
    try {
      expect(modeOf(dir)).toBe(0o700);
      for (const name of ["dashboard.sqlite", "dashboard.sqlite-wal", "dashboard.sqlite-shm"])
        expect(modeOf(path.join(dir, name)), name).toBe(0o600);
    } finally {
      await second.close();
      await first.close();
    }
  });
});

describe("the generated auth secret", () => {
  it("is made 0600 in a 0700 folder, also when both already existed looser", () => {
    const dir = path.join(scratch(), "data");
    const { secret } = resolveAuthConfig(parseAuthEnv({}), dir);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(path.join(dir, GENERATED_SECRET_FILE))).toBe(0o600);
    chmodSync(dir, 0o755);
    chmodSync(path.join(dir, GENERATED_SECRET_FILE), 0o644);
    expect(resolveAuthConfig(parseAuthEnv({}), dir).secret).toBe(secret);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(path.join(dir, GENERATED_SECRET_FILE))).toBe(0o600);
  });
});

import { chmodSync, closeSync, mkdirSync, openSync, statSync } from "node:fs";
import path from "node:path";
import { componentLogger } from "@/lib/log/logger";

// The store's files hold password hashes and sessions, and data/auth-secret signs the cookies: no
// other local user may read them. Folders are created 0700 and files 0600 whatever the umask, and
// ones left looser by an earlier version are tightened at start. No server-only import: the
// sign-in configuration (lib/auth/auth-env.ts) uses this too.

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `dir` (and any missing parent) 0700. An existing folder is tightened to its owner's bits
 * only when `tightenExisting` (the dashboard's own data folder); a folder the operator chose is left
 * as it is, with a warning if others may list it: it may be shared, like /tmp or the project.
 */
export function ensurePrivateDir(dir: string, options: { tightenExisting: boolean }): void {
  const created = mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (created !== undefined) {
    // mkdir applies the umask, which can only take bits away; chmod makes it exact on the new levels.
    for (let level = dir; level.length >= created.length; level = path.dirname(level)) {
      chmodSync(level, PRIVATE_DIR_MODE);
      if (level === created) break;
    }
    return;
  }
  const mode = statSync(dir).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  if (options.tightenExisting) tighten(dir, mode & 0o700);
  else
    componentLogger("store").warn(
      `The folder ${dir} can be listed by other local users (mode ${octal(mode)}); the dashboard's files in it are ${octal(PRIVATE_FILE_MODE)}.`,
    );
}

/** Creates `file` empty and 0600 if it does not exist (so what later writes it keeps that mode); tightens it if it does. */
export function ensurePrivateFile(file: string): void {
  try {
    closeSync(openSync(file, "wx", PRIVATE_FILE_MODE));
    chmodSync(file, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    tightenFile(file);
  }
}

/** Takes the group's and others' bits off an existing file; nothing if it does not exist. */
export function tightenFile(file: string): void {
  let mode: number;
  try {
    mode = statSync(file).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  if ((mode & 0o077) !== 0) tighten(file, mode & 0o700);
}

function tighten(target: string, mode: number): void {
  try {
    chmodSync(target, mode);
  } catch (error) {
    // Another user's file: say so rather than refuse to start.
    componentLogger("store").warn(
      `${target} is readable by other local users and could not be made private: ${(error as Error).message}`,
    );
  }
}

function octal(mode: number): string {
  return `0${mode.toString(8).padStart(3, "0")}`;
}

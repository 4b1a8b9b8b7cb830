// The provider documents `in_progress` and `completed`; any other string (e.g. `failed`) is a
// real status that is shown as it is.

export const IN_PROGRESS = "in_progress";
export const COMPLETED = "completed";
export const FAILED = "failed";

export function isInProgress(backup: { status: string }): boolean {
  return backup.status === IN_PROGRESS;
}

export function isCompleted(backup: { status: string }): boolean {
  return backup.status === COMPLETED;
}

/** The poll interval while something is still changing on the provider's side. */
export const LIVE_POLL_MS = 3_000;
/**
 * The slow refresh that picks up automatic backups and changes made elsewhere: a read of the
 * watcher's picture in the store (mostly a 304), which costs VPS.org nothing.
 */
export const BACKGROUND_REFRESH_MS = 10_000;

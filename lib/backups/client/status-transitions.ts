// Which items changed status between two fetches of a list, so the page can announce
// "backup completed" or "restore finished" once, when it happens.

export interface StatusTransition<T> {
  item: T;
  from: string;
  to: string;
}

/** Statuses by id, to compare with the next fetch. */
export function statusSnapshot(items: readonly { id: number; status: string | null }[]): Map<number, string | null> {
  return new Map(items.map((item) => [item.id, item.status]));
}

/**
 * Items whose status left `from` since the previous snapshot. Items that are new, gone or
 * unchanged are not transitions; without a previous snapshot (first load) nothing is.
 */
export function transitionsFrom<T extends { id: number; status: string | null }>(
  previous: ReadonlyMap<number, string | null> | undefined,
  next: readonly T[],
  from: string,
): StatusTransition<T>[] {
  if (!previous) return [];
  const transitions: StatusTransition<T>[] = [];
  for (const item of next) {
    const before = previous.get(item.id);
    if (before === from && item.status !== null && item.status !== from)
      transitions.push({ item, from, to: item.status });
  }
  return transitions;
}

// The backups list's selection for a bulk delete: plain functions over a map, so the page carries
// little code for it. The map holds the selected backups by id, each with why the last bulk delete
// did not delete it (null while none has been tried).

export type Picked = ReadonlyMap<number, string | null>;

/** The rows that are selected, in their order. */
export function pickedAmong<T extends { id: number }>(picked: Picked, rows: readonly T[]): T[] {
  return rows.filter((row) => picked.has(row.id));
}

/** Selects a row, or deselects it (and forgets its reason). */
export function togglePicked(picked: Picked, id: number): Picked {
  const next = new Map(picked);
  if (!next.delete(id)) next.set(id, null);
  return next;
}

/**
 * "Select all" over `rows` (the filtered ones): selects every one of them, or none when all are
 * selected already. A selected row keeps its reason.
 */
export function toggleAllPicked(picked: Picked, rows: readonly { id: number }[]): Picked {
  const next = new Map(picked);
  const all = rows.every((row) => picked.has(row.id));
  for (const { id } of rows) {
    if (all) next.delete(id);
    else if (!next.has(id)) next.set(id, null);
  }
  return next;
}

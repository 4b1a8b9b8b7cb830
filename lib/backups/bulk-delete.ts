import type { BulkDeleteItem } from "@/lib/backups/schemas";
import type { Picked } from "@/lib/backups/bulk-selection";

// The bulk delete's confirmation and its result, for the dialog (loaded on demand).

// Vietnamese tone marks (grave, acute, tilde, hook above, dot below): "xoá" and "xóa" are both
// written, the tone on either vowel.
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;

/** A phrase as it is compared: Unicode-composed the same way, spaces and case aside, each word's tone mark at its end. */
function comparable(text: string): string {
  return text
    .normalize("NFD")
    .trim()
    .toLocaleLowerCase()
    .split(/\s+/u)
    .map((word) => word.replace(TONE_MARKS, "") + [...word.matchAll(TONE_MARKS)].join(""))
    .join(" ");
}

/**
 * Whether what was typed is the confirmation phrase ("delete 4 backups"): the same words and
 * numbers, whatever the case, the spaces around them, or where a Vietnamese tone mark was typed.
 */
export function confirmsPhrase(typed: string, phrase: string): boolean {
  return typed.trim() !== "" && comparable(typed) === comparable(phrase);
}

/**
 * The selection after a bulk delete: the deleted backups leave it; the others stay selected, each
 * with the reason `reasonOf` gives. Rows not in the request keep their state.
 */
export function pickedAfter(
  picked: Picked,
  results: readonly BulkDeleteItem[],
  reasonOf: (item: BulkDeleteItem) => string,
): Picked {
  const next = new Map(picked);
  for (const item of results) {
    if (item.outcome === "deleted") next.delete(item.backup_id);
    else next.set(item.backup_id, reasonOf(item));
  }
  return next;
}

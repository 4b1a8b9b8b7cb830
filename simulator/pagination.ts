/** DRF PageNumberPagination: `{count, next, previous, results}` with absolute links. */
import { detailError } from "./api-error";
import { queryParam } from "./http-utils";

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/**
 * `url` is the absolute request URL (built from the request's Host); `serialize` runs on the
 * page's items only.
 */
export function paginate<T, R>(items: readonly T[], url: URL, pageSize: number, serialize: (item: T) => R): Page<R> {
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const page = pageNumber(queryParam(url, "page"), pageCount);
  return {
    count: items.length,
    next: page < pageCount ? linkWith(url, String(page + 1)) : null,
    // DRF drops the parameter for the first page.
    previous: page > 1 ? linkWith(url, page === 2 ? null : String(page - 1)) : null,
    results: items.slice((page - 1) * pageSize, page * pageSize).map(serialize),
  };
}

function pageNumber(raw: string | undefined, pageCount: number): number {
  if (raw === undefined) return 1;
  if (raw === "last") return pageCount;
  const text = raw.trim();
  const page = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(page) || page < 1 || page > pageCount) throw detailError(404, "Invalid page.");
  return page;
}

/** DRF's replace_query_param / remove_query_param: other parameters kept, keys sorted. */
function linkWith(url: URL, page: string | null): string {
  const entries = [...url.searchParams.entries()].filter(([key]) => key !== "page");
  if (page !== null) entries.push(["page", page]);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = new URLSearchParams(entries).toString();
  return `${url.origin}${url.pathname}${query === "" ? "" : `?${query}`}`;
}

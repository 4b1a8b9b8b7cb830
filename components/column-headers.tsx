import type { ReactNode } from "react";

export interface Column {
  /** The column's name; `srOnly` names it for screen readers alone (e.g. a column of buttons). */
  label: string;
  srOnly?: boolean;
  /** Extra classes of the header cell, e.g. `text-right` over numbers. */
  className?: string;
}

/**
 * A table's header row. `explicitRoles`: the table changes its rows' display with CSS (cards on a
 * phone), so the row and cells carry their roles to keep the table's semantics.
 */
export function ColumnHeaders({
  columns,
  explicitRoles = false,
}: {
  columns: readonly Column[];
  explicitRoles?: boolean;
}) {
  return (
    <tr
      role={explicitRoles ? "row" : undefined}
      className="text-left text-xs uppercase tracking-wide text-zinc-600 dark:text-zinc-400"
    >
      {columns.map((column) => (
        <th
          key={column.label}
          role={explicitRoles ? "columnheader" : undefined}
          scope="col"
          className={`px-3 py-2.5 font-medium ${column.className ?? ""}`.trimEnd()}
        >
          {column.srOnly ? <span className="sr-only">{column.label}</span> : column.label}
        </th>
      ))}
    </tr>
  );
}

/** A plain bordered table with a header row, named by the heading `labelledBy` points to. */
export function SimpleTable({
  labelledBy,
  columns,
  children,
}: {
  labelledBy: string;
  columns: readonly Column[];
  children: ReactNode;
}) {
  return (
    <table
      aria-labelledby={labelledBy}
      className="w-full rounded-xl border border-zinc-200 bg-white text-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <thead>
        <ColumnHeaders columns={columns} />
      </thead>
      <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">{children}</tbody>
    </table>
  );
}

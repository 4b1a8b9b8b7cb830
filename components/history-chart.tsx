import type { ReactNode } from "react";
import { linearScale, niceTicks, timeTicks } from "@/lib/servers/chart-scale";
import type { SeriesPoint } from "@/lib/servers/history-series";

// A hand-written SVG chart of one series over time, with the same figures in a <table> under it
// (its caption names both), for keyboard and screen-reader users and for anyone who wants the
// numbers. No chart library: the page needs dots and a line on two axes, which a few lines of SVG
// draw with no JavaScript of their own to download.

const WIDTH = 640;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 16, bottom: 28, left: 72 };

export interface HistoryChartProps {
  id: string;
  /** The table's caption and the figure's heading. */
  title: string;
  /** What the chart shows, in a sentence: the image's accessible name. */
  summary: string;
  series: readonly SeriesPoint[];
  /** The time axis: the window's start and end (epoch ms). */
  from: number;
  to: number;
  formatY: (value: number) => string;
  /** The unit the y labels are in, for a maximum of `max` (e.g. 1024 once sizes read in GB); 1 by default. */
  tickUnit?: (max: number) => number;
  formatX: (time: number, spanMs: number) => string;
  /** A point's hover text. */
  describe: (point: SeriesPoint) => string;
  /** A point no longer listed by VPS.org is drawn hollow. */
  hollow: (point: SeriesPoint) => boolean;
  legend: ReactNode;
  /** Shown instead of the chart and table when the series is empty. */
  empty: string;
  table: { columns: readonly string[]; rows: readonly { key: string | number; cells: readonly ReactNode[] }[] };
}

export function HistoryChart(props: HistoryChartProps) {
  const { id, title, summary, series, from, to, formatY, formatX, describe, hollow, legend, empty, table } = props;
  const tickUnit = props.tickUnit ?? (() => 1);
  const captionId = `${id}-caption`;
  const span = Math.max(0, to - from);
  const max = Math.max(0, ...series.map((point) => point.y));
  // Round values in the unit the labels show (5 GB, not 4.9 GB for 5,000 MB).
  const unit = tickUnit(max);
  const yTicks = niceTicks(0, max / unit).map((tick) => tick * unit);
  const x = linearScale([from, to], [MARGIN.left, WIDTH - MARGIN.right]);
  const y = linearScale([yTicks[0]!, yTicks[yTicks.length - 1]!], [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const line = series.map((point) => `${x(point.x).toFixed(1)},${y(point.y).toFixed(1)}`).join(" ");

  return (
    <figure aria-labelledby={captionId} className="space-y-3">
      <h3 id={captionId} className="font-medium">
        {title}
      </h3>
      {series.length === 0 ? (
        <p className="rounded-xl border border-dashed border-zinc-300 bg-white px-4 py-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-400">
          {empty}
        </p>
      ) : (
        <>
          <div className="rounded-xl border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
            <svg
              role="img"
              aria-label={summary}
              viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
              className="h-auto w-full text-[12px]"
            >
              {yTicks.map((tick) => (
                <g key={`y${tick}`}>
                  <line
                    x1={MARGIN.left}
                    x2={WIDTH - MARGIN.right}
                    y1={y(tick)}
                    y2={y(tick)}
                    className="stroke-zinc-200 dark:stroke-zinc-700"
                  />
                  <text
                    x={MARGIN.left - 8}
                    y={y(tick)}
                    textAnchor="end"
                    dominantBaseline="middle"
                    className="fill-zinc-600 dark:fill-zinc-400"
                  >
                    {formatY(tick)}
                  </text>
                </g>
              ))}
              {timeTicks(from, to).map((tick, index, ticks) => (
                <text
                  key={`x${tick}`}
                  x={x(tick)}
                  y={HEIGHT - 8}
                  textAnchor={index === 0 ? "start" : index === ticks.length - 1 ? "end" : "middle"}
                  className="fill-zinc-600 dark:fill-zinc-400"
                >
                  {formatX(tick, span)}
                </text>
              ))}
              {series.length > 1 ? (
                <polyline
                  points={line}
                  fill="none"
                  strokeWidth={1.5}
                  className="stroke-blue-600/60 dark:stroke-blue-400/60"
                />
              ) : null}
              {series.map((point) => (
                <circle
                  key={point.point.backup_id}
                  cx={x(point.x)}
                  cy={y(point.y)}
                  r={3.5}
                  strokeWidth={1.5}
                  className={
                    hollow(point)
                      ? "fill-white stroke-zinc-500 dark:fill-zinc-900 dark:stroke-zinc-400"
                      : "fill-blue-600 stroke-blue-600 dark:fill-blue-400 dark:stroke-blue-400"
                  }
                >
                  <title>{describe(point)}</title>
                </circle>
              ))}
            </svg>
            <div className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">{legend}</div>
          </div>
          {/* Focusable: a keyboard user scrolls a long table too. */}
          <div
            role="region"
            aria-labelledby={`${id}-table-caption`}
            tabIndex={0}
            className="max-h-80 overflow-auto rounded-xl border border-zinc-200 bg-white focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-zinc-800 dark:bg-zinc-900"
          >
            <table className="w-full text-sm">
              <caption id={`${id}-table-caption`} className="sr-only">
                {title}
              </caption>
              <thead className="sticky top-0 bg-white dark:bg-zinc-900">
                <tr className="text-left text-xs uppercase tracking-wide text-zinc-600 dark:text-zinc-400">
                  {table.columns.map((column) => (
                    <th key={column} scope="col" className="px-3 py-2 font-medium">
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {table.rows.map((row) => (
                  <tr key={row.key}>
                    {row.cells.map((cell, index) => (
                      <td key={index} className="px-3 py-2 align-top tabular-nums">
                        {cell}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </figure>
  );
}

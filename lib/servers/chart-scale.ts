// The geometry of the server page's charts (hand-written SVG, components/history-chart.tsx): pure,
// so the axes' rules are unit-tested. No formatting here: labels are the component's, in the
// viewer's language.

/** Maps [d0, d1] onto [r0, r1]; a one-value domain maps to the middle of the range. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]) {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (value: number) => r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
}

/**
 * About `count` round values from 0 (or below `min`) up to at least `max`: 1, 2 or 5 times a power
 * of ten apart, as people read axes. The first is the axis's floor, the last its ceiling.
 */
export function niceTicks(min: number, max: number, count = 4): number[] {
  const low = Math.min(0, min);
  const high = Math.max(max, low + 1e-9);
  const raw = (high - low) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= raw) ?? 10 * power;
  const first = Math.floor(low / step) * step;
  const ticks: number[] = [];
  for (let i = 0; ; i++) {
    const value = Number((first + i * step).toPrecision(12));
    ticks.push(value);
    if (value >= high - step * 1e-9) return ticks;
  }
}

/** `count` evenly spaced times across [min, max] (epoch ms), both ends included; one when they are equal. */
export function timeTicks(min: number, max: number, count = 4): number[] {
  if (max <= min || count < 2) return [min];
  return Array.from({ length: count }, (_, i) => Math.round(min + ((max - min) * i) / (count - 1)));
}

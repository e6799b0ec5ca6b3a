/** Text charts: a sparkline of recent samples and a horizontal meter. */

const TICKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'] as const;

/**
 * The last `width` values as a sparkline, right-aligned (newest at the right edge). Missing values
 * are blanks. Percentages use a fixed 0–100 scale so that a flat 3% does not look like a peak.
 */
export function sparkline(
  values: readonly (number | null)[],
  width: number,
  scale: { min: number; max: number } | 'auto' = { min: 0, max: 100 },
): string {
  const recent = values.slice(-width);
  const present = recent.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return ' '.repeat(width);
  const min = scale === 'auto' ? Math.min(...present) : scale.min;
  const max = scale === 'auto' ? Math.max(...present) : scale.max;
  const range = max - min;
  const line = recent
    .map((value) => {
      if (value === null || !Number.isFinite(value)) return ' ';
      const ratio = range <= 0 ? (scale === 'auto' ? 0.5 : 0) : (value - min) / range;
      const index = Math.round(Math.max(0, Math.min(1, ratio)) * (TICKS.length - 1));
      return TICKS[index] ?? ' ';
    })
    .join('');
  return line.padStart(width, ' ');
}

/** A meter `width` cells wide filled to `percent` (0–100), with eighth-cell precision. */
export function meter(percent: number | null | undefined, width: number): string {
  if (percent === null || percent === undefined || !Number.isFinite(percent) || width <= 0) {
    return ' '.repeat(Math.max(0, width));
  }
  const cells = (Math.max(0, Math.min(100, percent)) / 100) * width;
  const full = Math.floor(cells);
  const part = EIGHTHS[Math.floor((cells - full) * 8)] ?? '';
  return ('█'.repeat(full) + part).padEnd(width, ' ').slice(0, width);
}

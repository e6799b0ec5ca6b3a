const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
const DURATION = /^(?:(\d+(?:\.\d+)?)([smhd]))+$/;
const PART = /(\d+(?:\.\d+)?)([smhd])/g;

/**
 * Parses a duration such as `90s`, `10m`, `2h`, `7d` or `1h30m` into whole seconds.
 * Returns `null` for anything else, so callers can name the bad field in their own error.
 */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim().toLowerCase();
  if (!DURATION.test(trimmed)) return null;
  let seconds = 0;
  for (const [, amount, unit] of trimmed.matchAll(PART)) {
    seconds += Number(amount) * UNIT_SECONDS[unit as keyof typeof UNIT_SECONDS];
  }
  const whole = Math.round(seconds);
  return whole > 0 ? whole : null;
}

/** Formats seconds as the shortest exact duration string: `90` → `1m30s`, `7200` → `2h`. */
export function formatDuration(totalSeconds: number): string {
  let rest = Math.max(0, Math.round(totalSeconds));
  if (rest === 0) return '0s';
  let text = '';
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNIT_SECONDS[unit];
    const count = Math.floor(rest / size);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return text;
}

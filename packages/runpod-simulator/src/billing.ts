/**
 * Billing: per-second accrual over cost segments, bucketed the way the spec describes
 * (`bucketSize`, `startTime` snapped down, `endTime` snapped up, or `lastN` buckets ending with
 * the current one). All times are UTC milliseconds on the simulator clock.
 */

/** An interval during which something was billed at a constant rate; `to: null` is still open. */
export interface BillingRun {
  from: number;
  to: number | null;
  ratePerHr: number;
}

export type BucketSize = 'hour' | 'day' | 'week' | 'month' | 'year';

export const BUCKET_SIZES: readonly BucketSize[] = ['hour', 'day', 'week', 'month', 'year'];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Milliseconds of [from, to) that fall in [a, b). */
export function overlapMs(from: number, to: number, a: number, b: number): number {
  return Math.max(0, Math.min(to, b) - Math.max(from, a));
}

/** USD accrued by `runs` in [a, b), not counting anything after `now`. */
export function accrued(runs: readonly BillingRun[], a: number, b: number, now: number): number {
  let amount = 0;
  const end = Math.min(b, now);
  for (const run of runs) {
    const ms = overlapMs(run.from, run.to ?? now, a, end);
    if (ms > 0) amount += (run.ratePerHr * ms) / HOUR_MS;
  }
  return amount;
}

/** Milliseconds covered by `runs` in [a, b), not counting anything after `now`. */
export function coveredMs(runs: readonly BillingRun[], a: number, b: number, now: number): number {
  let total = 0;
  const end = Math.min(b, now);
  for (const run of runs) total += overlapMs(run.from, run.to ?? now, a, end);
  return total;
}

export function bucketStart(t: number, size: BucketSize): number {
  const d = new Date(t);
  switch (size) {
    case 'hour':
      return Math.floor(t / HOUR_MS) * HOUR_MS;
    case 'day':
      return Math.floor(t / DAY_MS) * DAY_MS;
    case 'week': {
      // ISO weeks start on Monday.
      const dayStart = Math.floor(t / DAY_MS) * DAY_MS;
      const weekday = (new Date(dayStart).getUTCDay() + 6) % 7;
      return dayStart - weekday * DAY_MS;
    }
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    case 'year':
      return Date.UTC(d.getUTCFullYear(), 0, 1);
  }
}

export function nextBucket(start: number, size: BucketSize): number {
  const d = new Date(start);
  switch (size) {
    case 'hour':
      return start + HOUR_MS;
    case 'day':
      return start + DAY_MS;
    case 'week':
      return start + 7 * DAY_MS;
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    case 'year':
      return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
  }
}

function previousBucket(start: number, size: BucketSize): number {
  const d = new Date(start);
  switch (size) {
    case 'hour':
      return start - HOUR_MS;
    case 'day':
      return start - DAY_MS;
    case 'week':
      return start - 7 * DAY_MS;
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1);
    case 'year':
      return Date.UTC(d.getUTCFullYear() - 1, 0, 1);
  }
}

export interface BillingWindow {
  start: number;
  end: number;
  bucketSize: BucketSize;
  buckets: { start: number; end: number }[];
}

export interface BillingQueryInput {
  startTime?: number;
  endTime?: number;
  bucketSize: BucketSize;
  lastN?: number;
}

/** Beyond this many buckets a query is refused (400) instead of building a huge answer. */
export const MAX_BUCKETS = 10_000;

export class BillingWindowError extends Error {}

/** Resolves the query window as the spec describes. */
export function resolveWindow(query: BillingQueryInput, now: number): BillingWindow {
  const size = query.bucketSize;
  let start: number;
  let end: number;
  if (query.lastN !== undefined) {
    end = nextBucket(bucketStart(now, size), size);
    start = bucketStart(now, size);
    for (let i = 1; i < query.lastN; i++) {
      start = previousBucket(start, size);
      if (i > MAX_BUCKETS) throw new BillingWindowError(`lastN may cover at most ${MAX_BUCKETS} buckets`);
    }
  } else {
    start = bucketStart(query.startTime ?? now - 30 * DAY_MS, size);
    const rawEnd = query.endTime ?? now;
    const endBucket = bucketStart(rawEnd, size);
    end = endBucket === rawEnd ? rawEnd : nextBucket(endBucket, size);
  }
  if (end <= start) throw new BillingWindowError('endTime must be after startTime');
  const buckets: { start: number; end: number }[] = [];
  for (let s = start; s < end; s = nextBucket(s, size)) {
    buckets.push({ start: s, end: nextBucket(s, size) });
    if (buckets.length > MAX_BUCKETS) {
      throw new BillingWindowError(`the window spans more than ${MAX_BUCKETS} ${size} buckets`);
    }
  }
  return { start, end, bucketSize: size, buckets };
}

/** Amounts are reported to a millionth of a dollar, so that equal inputs give equal output. */
export function money(value: number): number {
  return Math.round(value * 1_000_000) / 1_000_000;
}

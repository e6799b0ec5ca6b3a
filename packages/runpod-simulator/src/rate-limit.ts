import { type RateLimitPolicy } from './types.js';

/**
 * Per-key fixed windows (minute, hour, day) measured on the simulator clock, aligned to the
 * epoch, published as the IETF `RateLimit` / `RateLimit-Policy` structured fields the spec shows:
 * `"minute";r=59;t=42, "hour";r=2999;t=1842, "day";r=49999;t=45042`.
 */

export const DEFAULT_RATE_LIMIT: RateLimitPolicy = { perMinute: 60, perHour: 3000, perDay: 50000 };

interface Window {
  name: 'minute' | 'hour' | 'day';
  quota: number;
  lengthS: number;
}

interface Usage {
  start: number;
  count: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  headers: { RateLimit: string; 'RateLimit-Policy': string };
  /** Seconds until the exhausted window resets (only when refused). */
  retryAfterSeconds: number | null;
  /** The first exhausted window (only when refused). */
  exhausted: Window['name'] | null;
}

export class RateLimiter {
  private readonly windows: Window[];
  private readonly usage = new Map<string, Usage[]>();
  private readonly policyHeader: string;

  constructor(policy: RateLimitPolicy) {
    this.windows = [
      { name: 'minute', quota: policy.perMinute, lengthS: 60 },
      { name: 'hour', quota: policy.perHour, lengthS: 3600 },
      { name: 'day', quota: policy.perDay, lengthS: 86_400 },
    ];
    this.policyHeader = this.windows.map((w) => `"${w.name}";q=${w.quota};w=${w.lengthS}`).join(', ');
  }

  reset(): void {
    this.usage.clear();
  }

  /** Counts one request for `key` at `now` unless a window is exhausted. */
  take(key: string, now: number): RateLimitDecision {
    const usages = this.windows.map((window, i) => {
      const lengthMs = window.lengthS * 1000;
      const start = Math.floor(now / lengthMs) * lengthMs;
      const stored = this.usage.get(key)?.[i];
      return stored && stored.start === start ? { ...stored } : { start, count: 0 };
    });
    const exhausted = this.windows.filter((window, i) => (usages[i]?.count ?? 0) >= window.quota);
    const allowed = exhausted.length === 0;
    if (allowed) {
      for (const usage of usages) usage.count++;
      this.usage.set(key, usages);
    }
    const secondsLeft = (i: number) => {
      const window = this.windows[i];
      const usage = usages[i];
      if (!window || !usage) return 0;
      return Math.max(1, Math.ceil((usage.start + window.lengthS * 1000 - now) / 1000));
    };
    const rateLimit = this.windows
      .map(
        (window, i) =>
          `"${window.name}";r=${Math.max(0, window.quota - (usages[i]?.count ?? 0))};t=${secondsLeft(i)}`,
      )
      .join(', ');
    return {
      allowed,
      headers: { RateLimit: rateLimit, 'RateLimit-Policy': this.policyHeader },
      retryAfterSeconds: allowed
        ? null
        : Math.max(...exhausted.map((window) => secondsLeft(this.windows.indexOf(window)))),
      exhausted: exhausted[0]?.name ?? null,
    };
  }
}

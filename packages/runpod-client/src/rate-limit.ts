/**
 * RunPod REST v2 publishes its quota in IETF ratelimit-headers form (spec
 * `components.schemas.RateLimitHeader` / `RateLimitPolicyHeader`):
 *
 *   RateLimit:        "minute";r=0;t=12, "hour";r=2800;t=1812, "day";r=49500;t=45012
 *   RateLimit-Policy: "minute";q=60;w=60, "hour";q=3000;w=3600, "day";q=50000;w=86400
 *
 * `r` is what remains in the window and `t` the seconds until it resets; `q` is the quota and
 * `w` the window length.
 */

export interface RateLimitWindow {
  /** `minute`, `hour`, `day`, or whatever name the server uses. */
  name: string;
  remaining: number | null;
  /** Seconds until the window resets, as sent. */
  resetSeconds: number | null;
  /** When the window resets, computed from `resetSeconds` and the time the header was seen. */
  resetAt: Date | null;
  quota: number | null;
  windowSeconds: number | null;
}

export interface RateLimitState {
  windows: RateLimitWindow[];
  /** The smallest `remaining` over the windows: how many requests can be made now. */
  remaining: number | null;
  /** When the last exhausted window resets, if any window is exhausted; else null. */
  blockedUntil: Date | null;
  observedAt: Date;
}

interface Member {
  name: string;
  params: Map<string, number>;
}

/** Parses a structured-field list like `"minute";r=0;t=12, "hour";r=2800;t=1812`. */
function parseMembers(header: string): Member[] {
  const members: Member[] = [];
  for (const rawMember of header.split(',')) {
    const parts = rawMember.split(';').map((part) => part.trim());
    const head = parts.shift();
    if (head === undefined || head.length === 0) continue;
    const name = head.replace(/^"(.*)"$/, '$1');
    const params = new Map<string, number>();
    for (const part of parts) {
      const separator = part.indexOf('=');
      if (separator <= 0) continue;
      const value = Number(part.slice(separator + 1).replace(/^"(.*)"$/, '$1'));
      if (Number.isFinite(value)) params.set(part.slice(0, separator).trim(), value);
    }
    members.push({ name, params });
  }
  return members;
}

/** Reads the rate-limit headers of one response; null when the response carries none. */
export function parseRateLimit(headers: Headers, nowMs: number): RateLimitState | null {
  const live = headers.get('ratelimit');
  const policy = headers.get('ratelimit-policy');
  if (live === null && policy === null) return null;

  const byName = new Map<string, RateLimitWindow>();
  const windowFor = (name: string): RateLimitWindow => {
    let window = byName.get(name);
    if (window === undefined) {
      window = { name, remaining: null, resetSeconds: null, resetAt: null, quota: null, windowSeconds: null };
      byName.set(name, window);
    }
    return window;
  };

  for (const member of parseMembers(live ?? '')) {
    const window = windowFor(member.name);
    window.remaining = member.params.get('r') ?? null;
    window.resetSeconds = member.params.get('t') ?? null;
    window.resetAt = window.resetSeconds === null ? null : new Date(nowMs + window.resetSeconds * 1000);
  }
  for (const member of parseMembers(policy ?? '')) {
    const window = windowFor(member.name);
    window.quota = member.params.get('q') ?? null;
    window.windowSeconds = member.params.get('w') ?? null;
  }

  const windows = [...byName.values()];
  const remainders = windows.map((window) => window.remaining).filter((value) => value !== null);
  const blockedUntil = windows
    .filter((window) => window.remaining !== null && window.remaining <= 0 && window.resetAt !== null)
    .map((window) => window.resetAt?.getTime() ?? 0)
    .reduce<number | null>((latest, time) => (latest === null || time > latest ? time : latest), null);

  return {
    windows,
    remaining: remainders.length > 0 ? Math.min(...remainders) : null,
    blockedUntil: blockedUntil === null ? null : new Date(blockedUntil),
    observedAt: new Date(nowMs),
  };
}

/** `Retry-After` as delay-seconds (the spec's form) or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(headers: Headers, nowMs: number): number | null {
  const value = headers.get('retry-after')?.trim();
  if (value === undefined || value.length === 0) return null;
  if (/^\d+(?:\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

/** The wait the server asked for: `Retry-After`, or else until an exhausted window resets. */
export function serverRequestedDelayMs(
  retryAfterMs: number | null,
  rateLimit: RateLimitState | null,
  nowMs: number,
): number | null {
  if (retryAfterMs !== null) return retryAfterMs;
  if (rateLimit?.blockedUntil) return Math.max(0, rateLimit.blockedUntil.getTime() - nowMs);
  return null;
}

/**
 * The API's clock as seen from the browser. Countdowns tick from the API's absolute `killAt`, so
 * a browser clock that is off by a minute would show every countdown a minute off. Each response's
 * `Date` header gives the server time to the second; the offset is only applied when it is clearly
 * larger than that resolution, so that a well-synchronised machine keeps its own smooth clock.
 */
const SIGNIFICANT_SKEW_MS = 1_500;

let offsetMs = 0;

/** Server time minus browser time, estimated from an HTTP `Date` header seen at `receivedAtMs`. */
export function estimateOffset(dateHeader: string | null, receivedAtMs: number): number | null {
  if (!dateHeader) return null;
  const serverSeconds = Date.parse(dateHeader);
  if (!Number.isFinite(serverSeconds)) return null;
  // The header is truncated to the second: the server's clock was somewhere in [t, t + 1 s).
  const offset = serverSeconds + 500 - receivedAtMs;
  return Math.abs(offset) < SIGNIFICANT_SKEW_MS ? 0 : offset;
}

export function observeServerDate(dateHeader: string | null, receivedAtMs = Date.now()): void {
  const offset = estimateOffset(dateHeader, receivedAtMs);
  if (offset !== null) offsetMs = offset;
}

export function serverOffsetMs(): number {
  return offsetMs;
}

/** The current time on the API's clock, in epoch milliseconds. */
export function serverNow(): number {
  return Date.now() + offsetMs;
}

export function resetServerClock(): void {
  offsetMs = 0;
}

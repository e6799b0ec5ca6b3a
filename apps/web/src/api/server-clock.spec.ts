import { afterEach, describe, expect, it } from 'vitest';
import { estimateOffset, observeServerDate, resetServerClock, serverNow } from './server-clock';

describe('server clock', () => {
  afterEach(() => resetServerClock());

  it('ignores a skew within the Date header’s one-second resolution', () => {
    const received = Date.parse('2026-11-22T20:30:00.700Z');
    expect(estimateOffset('Sun, 22 Nov 2026 20:30:00 GMT', received)).toBe(0);
  });

  it('measures a real skew from the middle of the header’s second', () => {
    const received = Date.parse('2026-11-22T20:29:00.000Z');
    expect(estimateOffset('Sun, 22 Nov 2026 20:30:00 GMT', received)).toBe(60_500);
  });

  it('keeps the offset for serverNow, and ignores a missing or broken header', () => {
    observeServerDate('Sun, 22 Nov 2026 20:30:00 GMT', Date.parse('2026-11-22T20:25:00.000Z'));
    observeServerDate(null);
    observeServerDate('not a date');
    expect(serverNow() - Date.now()).toBeGreaterThanOrEqual(300_000);
  });
});

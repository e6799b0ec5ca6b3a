import { describe, expect, it } from 'vitest';
import { countdown, countdownState, formatCountdown, killAt, timeUntilKill } from './countdown.js';

const now = Date.parse('2026-11-22T12:00:00Z');
const minutesAgo = (m: number) => new Date(now - m * 60_000).toISOString();

describe('countdown', () => {
  it('counts down from lastRunAt plus the inactivity window', () => {
    const c = countdown({ lastRunAt: minutesAgo(50), inactivitySeconds: 3600, now, podStatus: 'RUNNING' });
    expect(c.formatted).toBe('00:10:00');
    expect(c.timeUntilKill).toBe(600);
    expect(c.killAt).toBe('2026-11-22T12:10:00.000Z');
    expect(c.state).toBe('counting');
  });

  it('gives 00:04:00 one minute into a five-minute window', () => {
    expect(
      countdown({ lastRunAt: minutesAgo(1), inactivitySeconds: 300, now, podStatus: 'RUNNING' }).formatted,
    ).toBe('00:04:00');
  });

  it('stops at zero and reports pruning while the pod still runs', () => {
    const c = countdown({ lastRunAt: minutesAgo(10), inactivitySeconds: 300, now, podStatus: 'RUNNING' });
    expect(c.formatted).toBe('00:00:00');
    expect(c.timeUntilKill).toBe(0);
    expect(c.state).toBe('pruning');
  });

  it('is stopped, not pruning, once the pod has exited', () => {
    expect(
      countdown({ lastRunAt: minutesAgo(10), inactivitySeconds: 300, now, podStatus: 'EXITED' }).state,
    ).toBe('stopped');
  });

  it("counts from the pod's startedAt when lastRunAt is unknown", () => {
    const c = countdown({
      lastRunAt: null,
      startedAt: minutesAgo(2),
      inactivitySeconds: 300,
      now,
      podStatus: 'RUNNING',
    });
    expect(c.formatted).toBe('00:03:00');
  });

  it('does not cap hours at 24', () => {
    expect(formatCountdown(25 * 3600)).toBe('25:00:00');
    const c = countdown({
      lastRunAt: new Date(now),
      inactivitySeconds: 25 * 3600,
      now,
      podStatus: 'RUNNING',
    });
    expect(c.formatted).toBe('25:00:00');
  });

  it('never throws on invalid timestamps', () => {
    for (const bad of ['not a date', '', NaN, Infinity, null, undefined, '2026-13-45T99:99:99Z']) {
      expect(() =>
        countdown({ lastRunAt: bad, startedAt: bad, inactivitySeconds: 60, now, podStatus: 'RUNNING' }),
      ).not.toThrow();
      const c = countdown({
        lastRunAt: bad,
        startedAt: bad,
        inactivitySeconds: 60,
        now,
        podStatus: 'RUNNING',
      });
      expect(c).toEqual({ killAt: null, timeUntilKill: null, formatted: '--:--:--', state: 'unknown' });
    }
    expect(killAt('garbage', 60)).toBeNull();
    expect(killAt(now, Number.NaN)).toBeNull();
    expect(timeUntilKill(now, 'garbage')).toBeNull();
  });

  it('rounds a partial second up, so 00:00:00 means the kill moment has come', () => {
    expect(timeUntilKill(now + 1, now)).toBe(1);
    expect(timeUntilKill(now, now)).toBe(0);
  });

  it.each([
    [{ podStatus: 'RUNNING' as const, timeUntilKill: 100, busy: true }, 'active'],
    [{ podStatus: 'RUNNING' as const, timeUntilKill: 100 }, 'counting'],
    [{ podStatus: 'STARTING' as const, timeUntilKill: 0 }, 'pruning'],
    [{ podStatus: 'RUNNING' as const, timeUntilKill: 0, protect: true }, 'protected'],
    [{ podStatus: 'TERMINATED' as const, timeUntilKill: 0 }, 'stopped'],
    [{ podStatus: null, timeUntilKill: null }, 'stopped'],
    [{ podStatus: undefined, timeUntilKill: null }, 'unknown'],
    [{ podStatus: 'RUNNING' as const, timeUntilKill: null }, 'unknown'],
  ])('state of %o is %s', (input, state) => {
    expect(countdownState(input)).toBe(state);
  });
});

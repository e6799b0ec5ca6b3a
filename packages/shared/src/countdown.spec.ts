import { describe, expect, it } from 'vitest';
import {
  countdown,
  countdownState,
  extendedKillAt,
  formatCountdown,
  killAt,
  MAX_EXTEND_SECONDS,
  timeUntilKill,
  warnedKillAt,
} from './countdown.js';

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
      expect(c).toEqual({
        killAt: null,
        idleKillAt: null,
        timeUntilKill: null,
        formatted: '--:--:--',
        state: 'unknown',
      });
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

describe('extendedKillAt', () => {
  it('extends from the kill moment views show, or from now once it has passed', () => {
    const shown = new Date(now + 600_000).toISOString();
    expect(extendedKillAt(shown, 1800, now).getTime()).toBe(now + 600_000 + 1_800_000);
    expect(extendedKillAt(minutesAgo(5), 1800, now).getTime()).toBe(now + 1_800_000);
    expect(extendedKillAt(null, 60, now).getTime()).toBe(now + 60_000);
  });

  it('caps one extension at 7 days', () => {
    expect(extendedKillAt(null, 30 * 86_400, now).getTime()).toBe(now + MAX_EXTEND_SECONDS * 1000);
  });
});

describe('warnedKillAt (the warning guarantee)', () => {
  const idle = new Date(now + 600_000);

  it('leaves a kill moment alone while its warning can still be raised in time', () => {
    expect(warnedKillAt(idle, 300, null, now)).toEqual(idle);
  });

  it('holds an overdue kill back until a warning raised now has been up for warnBefore', () => {
    const overdue = new Date(now - 3_600_000);
    expect(warnedKillAt(overdue, 300, null, now)?.getTime()).toBe(now + 300_000);
    const raised = { killAt: overdue, at: new Date(now - 120_000) };
    expect(warnedKillAt(overdue, 300, raised, now)?.getTime()).toBe(now + 180_000);
  });

  it('ignores a warning raised for an earlier countdown, and is off at warnBefore 0', () => {
    const old = { killAt: new Date(now - 7_200_000), at: new Date(now - 7_500_000) };
    expect(warnedKillAt(new Date(now - 60_000), 300, old, now)?.getTime()).toBe(now + 300_000);
    expect(warnedKillAt(new Date(now - 60_000), 0, null, now)?.getTime()).toBe(now - 60_000);
  });

  it('shows the held-back moment in the countdown of a running pod', () => {
    const c = countdown({
      lastRunAt: minutesAgo(60),
      inactivitySeconds: 600,
      now,
      podStatus: 'RUNNING',
      warnBeforeSeconds: 300,
    });
    expect(c.timeUntilKill).toBe(300);
    expect(c.idleKillAt).toBe(new Date(now - 50 * 60_000).toISOString());
  });
});

import { describe, expect, it } from '@jest/globals';
import type { SimPodHistory } from '@podwatch/runpod-simulator';
import { computeScorecard, lastActivityAt, percentile, segments, type ScorecardInput } from './scorecard.js';

const H = 3_600_000;
const M = 60_000;
const start = Date.parse('2026-01-05T00:00:00Z');
const end = start + 24 * H;

function pod(overrides: Partial<SimPodHistory> & Pick<SimPodHistory, 'name'>): SimPodHistory {
  return {
    id: overrides.name,
    ratePerHr: 2,
    profiles: [{ at: start - H, profile: 'idle' }],
    runs: [{ from: start - H, to: null, billedUntil: null }],
    actions: [],
    ...overrides,
  };
}

const managed = { managed: true, protect: false, inactivitySeconds: 1800 };

function card(pods: ScorecardInput['pods'], flushes: ScorecardInput['flushes'] = []) {
  return computeScorecard({
    startMs: start,
    endMs: end,
    stepMs: M,
    confirmTimeoutMs: 2000,
    pods,
    flushes,
    runpodRequests: 2880,
    steps: 1440,
    alertsFired: 3,
    wallSeconds: 12.345,
  });
}

const stopAt = (at: number, billedUntil = at) => ({
  runs: [{ from: start - H, to: at, billedUntil }],
  actions: [{ at, action: 'stop' as const, by: 'api' as const, effective: true }],
});

describe('scorecard', () => {
  it('cuts a pod’s life where its profile or run changes, and finds its last activity', () => {
    const history = pod({
      name: 'a',
      profiles: [
        { at: start - H, profile: 'training' },
        { at: start + 2 * H, profile: 'idle' },
      ],
      runs: [
        { from: start - H, to: start + 3 * H, billedUntil: start + 3 * H },
        { from: start + 5 * H, to: null, billedUntil: null },
      ],
    });
    const segs = segments(history, start, end);
    expect(segs.map((s) => [(s.from - start) / H, s.running, s.busy, s.started])).toEqual([
      [0, true, true, false],
      [2, true, false, false],
      [3, false, false, false],
      [5, true, false, true],
    ]);
    expect(lastActivityAt(segs, start, start + H)).toBe(start + H);
    expect(lastActivityAt(segs, start, start + 4 * H)).toBe(start + 2 * H);
    expect(lastActivityAt(segs, start, start + 6 * H)).toBe(start + 5 * H);
  });

  it('scores a busy pod left alone and an idle pod stopped at its kill moment as perfect', () => {
    const result = card([
      { history: pod({ name: 'busy', profiles: [{ at: start - H, profile: 'training' }] }), policy: managed },
      { history: pod({ name: 'idle', ...stopAt(start + 30 * M) }), policy: managed },
    ]);
    expect(result).toMatchObject({
      wrongKills: 0,
      missedStops: 0,
      lateSecondsP95: 0,
      lateSecondsMax: 0,
      idleDollars: 1,
      optimumIdleDollars: 1,
      idleRatio: 1,
      unconfirmedStops: 0,
      flushesBeforeConfirmation: 0,
      runpodRequestsPerStep: 2,
      alertsFired: 3,
      stops: 1,
      wallSeconds: 12.35,
      findings: [],
    });
  });

  it('counts a stop of a pod busy within its window as a wrong kill, with a step of slack', () => {
    const trainedUntil = start + 2 * H;
    const profiles = [
      { at: start - H, profile: 'training' as const },
      { at: trainedUntil, profile: 'idle' as const },
    ];
    const early = card([
      { history: pod({ name: 'a', profiles, ...stopAt(trainedUntil + 20 * M) }), policy: managed },
    ]);
    expect(early.wrongKills).toBe(1);
    expect(early.findings[0]).toMatch(/wrong kill: a stop at .* active 1200s before/);
    const withinAStep = card([
      { history: pod({ name: 'a', profiles, ...stopAt(trainedUntil + 29 * M) }), policy: managed },
    ]);
    expect(withinAStep.wrongKills).toBe(0);
  });

  it('counts any stop of an unmanaged or protected pod as a wrong kill', () => {
    const result = card([
      { history: pod({ name: 'u', ...stopAt(start + 5 * H) }), policy: { ...managed, managed: false } },
      { history: pod({ name: 'p', ...stopAt(start + 5 * H) }), policy: { ...managed, protect: true } },
    ]);
    expect(result.wrongKills).toBe(2);
    expect(result.idleDollars).toBe(0);
  });

  it('counts an idle pod never stopped as a missed stop, and all its idle time as idle dollars', () => {
    const result = card([{ history: pod({ name: 'idle' }), policy: managed }]);
    expect(result.missedStops).toBe(1);
    expect(result.findings[0]).toMatch(/missed stop: idle idle since 2026-01-05T00:00:00.000Z/);
    expect(result.idleDollars).toBe(48);
    expect(result.optimumIdleDollars).toBe(1);
    expect(result.idleRatio).toBe(48);
  });

  it('does not count a stop sent in time to a stuck pod as missed, but as unconfirmed', () => {
    const result = card([
      {
        history: pod({
          name: 'stuck',
          actions: [{ at: start + 30 * M, action: 'stop', by: 'api', effective: false }],
        }),
        policy: managed,
      },
    ]);
    expect(result.missedStops).toBe(0);
    expect(result.unconfirmedStops).toBe(1);
    expect(result.wrongKills).toBe(0);
  });

  it('measures lateness to $0/h (billing lag included) and flushes while still billed', () => {
    const late = pod({ name: 'late', ...stopAt(start + 40 * M, start + 45 * M) });
    const result = card(
      [{ history: late, policy: managed }],
      [
        { podId: 'late', at: start + 42 * M },
        { podId: 'late', at: start + 46 * M },
      ],
    );
    expect(result.lateSecondsMax).toBe(15 * 60);
    expect(result.lateSecondsP95).toBe(15 * 60);
    expect(result.flushesBeforeConfirmation).toBe(1);
    expect(result.idleDollars).toBeCloseTo(1.33, 2);
    expect(result.optimumIdleDollars).toBe(1);
  });

  it('takes the 95th percentile by rank', () => {
    expect(percentile([], 95)).toBe(0);
    expect(percentile([5], 95)).toBe(5);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        95,
      ),
    ).toBe(95);
  });
});

import { describe, expect, it } from 'vitest';
import {
  burnRate,
  type CostSample,
  costSuggestions,
  formatMoney,
  idleForSeconds,
  projections,
  roundMoney,
  runwayHours,
  spendByDay,
  spendFromSamples,
  storageCostPerMonth,
} from './costs.js';

const start = Date.parse('2026-11-22T10:00:00Z');
const minutes = (m: number) => start + m * 60_000;

/** A sample every `everyMinutes` over `[0, totalMinutes]`. */
function samples(totalMinutes: number, everyMinutes: number, sample: Omit<CostSample, 'time'>): CostSample[] {
  const result: CostSample[] = [];
  for (let m = 0; m <= totalMinutes; m += everyMinutes) result.push({ ...sample, time: minutes(m) });
  return result;
}

describe('burnRate and projections', () => {
  it('sums three running pods at $0.59 into $1.77/h, $42.48/day and $1,274.40/month', () => {
    const pods = [0.59, 0.59, 0.59].map((costPerHr) => ({ status: 'RUNNING', costPerHr }));
    const burn = burnRate(pods);
    expect(burn).toBe(1.77);
    expect(projections(burn)).toEqual({ perHour: 1.77, perDay: 42.48, perMonth: 1274.4 });
    expect(formatMoney(projections(burn).perMonth)).toBe('$1,274.40');
  });

  it('counts only pods that hold a machine', () => {
    expect(
      burnRate([
        { status: 'RUNNING', costPerHr: 0.59 },
        { status: 'STARTING', costPerHr: 0.2 },
        { status: 'EXITED', costPerHr: 0.59 },
        { status: 'TERMINATED', costPerHr: 1 },
        { status: 'ERROR', costPerHr: 3 },
        { status: 'RUNNING', costPerHr: null },
      ]),
    ).toBe(0.79);
  });

  it('projects ×24 per day and ×720 per month', () => {
    expect(projections(2)).toEqual({ perHour: 2, perDay: 48, perMonth: 1440 });
    expect(projections(0)).toEqual({ perHour: 0, perDay: 0, perMonth: 0 });
  });
});

describe('spendFromSamples', () => {
  it('bills a pod idle for 2 h at $0.59/h $1.18 of waste', () => {
    const totals = spendFromSamples(samples(120, 1, { costPerHr: 0.59, idle: true }), {
      gapSeconds: 120,
      until: minutes(120),
    });
    expect(roundMoney(totals.spend)).toBe(1.18);
    expect(roundMoney(totals.idleWaste)).toBe(1.18);
    expect(totals.idleSeconds).toBe(7200);
  });

  it('weights each sample by the time until the next one', () => {
    const totals = spendFromSamples(
      [
        { time: minutes(0), costPerHr: 1, idle: false },
        { time: minutes(30), costPerHr: 3, idle: true },
        { time: minutes(60), costPerHr: 3, idle: true },
      ],
      { gapSeconds: 3600, until: minutes(60) },
    );
    expect(totals.spend).toBeCloseTo(0.5 + 1.5);
    expect(totals.idleWaste).toBeCloseTo(1.5);
  });

  it('does not bill a missing stretch as if the pod ran: each sample stands for the gap at most', () => {
    const totals = spendFromSamples(
      [
        { time: minutes(0), costPerHr: 0.59 },
        { time: minutes(60), costPerHr: 0.59 },
      ],
      { gapSeconds: 120, until: minutes(300) },
    );
    expect(totals.seconds).toBe(240);
    expect(totals.spend).toBeCloseTo((0.59 * 240) / 3600);
  });

  it('never counts unknown samples (busy not judged) as idle', () => {
    const totals = spendFromSamples(samples(60, 1, { costPerHr: 1, idle: null }), {
      gapSeconds: 120,
      until: minutes(60),
    });
    expect(totals.spend).toBeCloseTo(1);
    expect(totals.idleWaste).toBe(0);
  });

  it('counts from `from` only and ignores samples out of order', () => {
    const list = samples(60, 10, { costPerHr: 6, idle: true }).reverse();
    const totals = spendFromSamples(list, { gapSeconds: 600, until: minutes(60), from: minutes(30) });
    expect(totals.spend).toBeCloseTo(3);
  });

  it('splits at UTC midnight', () => {
    const t = Date.parse('2026-11-22T23:00:00Z');
    const list = Array.from({ length: 121 }, (_, i) => ({
      time: t + i * 60_000,
      costPerHr: 0.59,
      idle: true,
    }));
    const days = spendByDay(list, { gapSeconds: 120, until: t + 120 * 60_000 });
    expect(days.map((d) => d.day)).toEqual(['2026-11-22', '2026-11-23']);
    expect(roundMoney(days[0]!.idleWaste)).toBe(0.59);
    expect(roundMoney(days[1]!.idleWaste)).toBe(0.59);
  });
});

describe('storage, runway and rounding', () => {
  it('bills a stopped pod’s volume at $0.20/GB/month', () => {
    expect(storageCostPerMonth(100)).toBe(20);
    expect(storageCostPerMonth(null)).toBe(0);
  });

  it('divides the balance by the burn rate, null when nothing burns', () => {
    expect(runwayHours(42.48, 1.77)).toBe(24);
    expect(runwayHours(10, 0)).toBeNull();
    expect(runwayHours(null, 1)).toBeNull();
  });

  it('rounds without binary noise or negative zero', () => {
    expect(roundMoney(0.59 * 3)).toBe(1.77);
    expect(roundMoney(1.005)).toBe(1.01);
    expect(Object.is(roundMoney(-0.0001), 0)).toBe(true);
    expect(formatMoney(0.0042)).toBe('$0.0042');
  });
});

describe('idleForSeconds', () => {
  const base = {
    now: minutes(120),
    gapSeconds: 120,
    firstSampleAt: minutes(0),
    lastSampleAt: minutes(120),
    lastBusyAt: null,
  };

  it('is the sampled stretch when never busy', () => {
    expect(idleForSeconds(base)).toBe(7200);
  });

  it('counts from the latest busy sample, other activity or the start', () => {
    expect(idleForSeconds({ ...base, lastBusyAt: minutes(90) })).toBe(1800);
    expect(idleForSeconds({ ...base, lastActivityAt: minutes(100), startedAt: minutes(-500) })).toBe(1200);
    expect(idleForSeconds({ ...base, startedAt: minutes(60) })).toBe(3600);
  });

  it('is unknown without a recent sample: missing data is never idle', () => {
    expect(idleForSeconds({ ...base, lastSampleAt: minutes(100) })).toBeNull();
    expect(idleForSeconds({ ...base, firstSampleAt: null, lastSampleAt: null })).toBeNull();
  });
});

describe('costSuggestions', () => {
  it('suggests stopping idle pods and terminating unmanaged stopped ones, biggest saving first', () => {
    const suggestions = costSuggestions({
      idleAfterSeconds: 3600,
      running: [
        {
          podId: 'a',
          name: 'notebook',
          instance: 'notebook',
          costPerHr: 0.59,
          idleForSeconds: 7500,
          activeAgents: 0,
          protect: false,
        },
        {
          podId: 'b',
          name: 'big',
          instance: null,
          costPerHr: 2.69,
          idleForSeconds: 3600,
          activeAgents: 0,
          protect: false,
        },
        {
          podId: 'c',
          name: 'agent-box',
          instance: null,
          costPerHr: 1,
          idleForSeconds: 9000,
          activeAgents: 1,
          protect: false,
        },
        {
          podId: 'd',
          name: 'keeper',
          instance: 'keeper',
          costPerHr: 1,
          idleForSeconds: 9000,
          activeAgents: 0,
          protect: true,
        },
        {
          podId: 'e',
          name: 'busy',
          instance: null,
          costPerHr: 1,
          idleForSeconds: 60,
          activeAgents: 0,
          protect: false,
        },
      ],
      stopped: [
        { podId: 'f', name: 'old', instance: null, volumeInGb: 100 },
        { podId: 'g', name: 'managed', instance: 'managed', volumeInGb: 100 },
      ],
    });
    expect(suggestions.map((s) => s.podId)).toEqual(['b', 'a', 'f']);
    expect(suggestions[1]).toMatchObject({
      kind: 'stop-idle',
      savingPerDay: 14.16,
      message: 'Stop notebook (idle for at least 2h5m at $0.59/h) to save $14.16/day',
    });
    expect(suggestions[2]).toMatchObject({
      kind: 'terminate-stopped',
      savingPerDay: 0.67,
      savingPerMonth: 20,
    });
  });
});

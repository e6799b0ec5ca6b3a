import { describe, expect, it } from 'vitest';
import { estimateBalance } from './balance.js';

describe('estimateBalance', () => {
  it('the issue example: $500 at 10:00, $12.40 billed since, $3/h for the 20 minutes after the last bucket → $486.60', () => {
    const estimate = estimateBalance({
      known: { amount: 500, at: '2026-12-03T10:00:00Z', source: 'runpod' },
      buckets: [
        { time: '2026-12-03T10:00:00Z', amount: 4.1 },
        { time: '2026-12-03T11:00:00Z', amount: 5.3 },
        { time: '2026-12-03T12:00:00Z', amount: 3.0 },
      ],
      burnPerHour: 3,
      now: '2026-12-03T13:20:00Z',
    });
    expect(estimate).toEqual({
      amount: 486.6,
      basis: 'estimated',
      known: { amount: 500, at: '2026-12-03T10:00:00.000Z', source: 'runpod' },
      billedSince: 12.4,
      liveBurn: 1,
      billedUntil: '2026-12-03T13:00:00.000Z',
    });
  });

  it('leaves out buckets from before the known balance, and the part of one that straddles it', () => {
    const estimate = estimateBalance({
      known: { amount: 100, at: '2026-12-03T10:30:00Z', source: 'operator' },
      buckets: [
        { time: '2026-12-03T09:00:00Z', amount: 50 },
        { time: '2026-12-03T10:00:00Z', amount: 2 },
      ],
      burnPerHour: 0,
      now: '2026-12-03T11:00:00Z',
    });
    expect(estimate.billedSince).toBe(1);
    expect(estimate.amount).toBe(99);
  });

  it('with no bucket yet, burns live from the known balance', () => {
    const estimate = estimateBalance({
      known: { amount: 20, at: '2026-12-03T10:00:00Z', source: 'config' },
      buckets: [],
      burnPerHour: 6,
      now: '2026-12-03T10:30:00Z',
    });
    expect(estimate).toMatchObject({ amount: 17, liveBurn: 3, billedSince: 0 });
  });

  it('an hour fetched while in progress covers only what was billed by then; live burn takes over after', () => {
    const estimate = estimateBalance({
      known: { amount: 100, at: '2026-12-03T10:00:00Z', source: 'runpod' },
      buckets: [{ time: '2026-12-03T10:00:00Z', amount: 1, until: '2026-12-03T10:20:00Z' }],
      burnPerHour: 3,
      now: '2026-12-03T10:40:00Z',
    });
    expect(estimate).toMatchObject({
      amount: 98,
      billedSince: 1,
      liveBurn: 1,
      billedUntil: '2026-12-03T10:20:00.000Z',
    });
  });
});

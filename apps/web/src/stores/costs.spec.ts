import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CostsResponse } from '@podwatch/shared';
import { clearEtagCache } from '@/api/http';
import { json, mockFetch } from '@/test-support/mock-fetch';
import { isPeriod, useCostsStore } from './costs';

function costs(days: number): CostsResponse {
  const figure = { amount: 12.5, basis: 'actual' as const };
  return {
    generatedAt: '2026-11-22T20:30:00.000Z',
    period: { from: '2026-11-16T00:00:00.000Z', to: '2026-11-22T20:30:00.000Z', days },
    runningPods: 2,
    burnRatePerHour: 3.38,
    projectedPerDay: 81.12,
    projectedPerMonth: 2433.6,
    spend: { period: figure, today: figure },
    idleWaste: { period: 1.2, today: 0.4 },
    daily: [{ day: '2026-11-22', spend: figure, estimatedSpend: 12.1, idleWaste: 0.4 }],
    storage: { perHour: 0, perDay: 0, perMonth: 0, pods: [] },
    account: {
      balance: 100,
      balanceBasis: 'actual',
      balanceEstimate: null,
      balanceStale: null,
      spendPerHour: 3.38,
      spendLimit: null,
      observedAt: null,
      runwayHours: 29.6,
      runsOutAt: null,
    },
    billing: { covered: true, lastFetchAt: null, lastSuccessAt: null, lastError: null, coveredFrom: null },
    pods: [],
    instances: [],
    suggestions: [],
  };
}

describe('costs store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    clearEtagCache();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('loads a period and revalidates it with its ETag', async () => {
    const { requests } = mockFetch((req) =>
      req.headers['if-none-match']
        ? new Response(null, { status: 304 })
        : json(costs(7), { headers: { etag: 'W/"c7"' } }),
    );
    const sut = useCostsStore();
    await sut.refresh();
    const first = sut.costs;
    await sut.refresh();
    expect(requests.map((r) => r.url)).toEqual(['/api/v1/costs?days=7', '/api/v1/costs?days=7']);
    expect(sut.costs).toBe(first);
  });

  it('asks for another period when one is picked', async () => {
    const { requests } = mockFetch((req) =>
      json(costs(Number(new URL(req.url, 'http://x').searchParams.get('days')))),
    );
    const sut = useCostsStore();
    await sut.refresh();
    await sut.setDays(30);
    expect(requests.at(-1)!.url).toBe('/api/v1/costs?days=30');
    expect(sut.costs?.period.days).toBe(30);
  });

  it('accepts only the periods it offers', () => {
    expect(isPeriod('14')).toBe(true);
    expect(isPeriod('13')).toBe(false);
    expect(isPeriod(undefined)).toBe(false);
  });
});

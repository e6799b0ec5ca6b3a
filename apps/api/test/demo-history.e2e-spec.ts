/**
 * Demo mode's first start back-fills a week (src/scenario/demo-backfill.ts, called by main.ts
 * before the API listens): the real collector, prune and costs over the last 7 days of the demo
 * fleet, so that the 7-day charts are full. Real Postgres.
 */
import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TelemetrySeries } from '@podwatch/shared';
import { loadPodwatchConfig } from '../src/config/podwatch-config.js';
import { demoConfigPath } from '../src/paths.js';
import { backfillDemo } from '../src/scenario/demo-backfill.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

describe('demo history', () => {
  const now = new Date('2026-11-30T12:00:00Z');
  let db: TestDatabase;
  let sut: TestApp | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await sut?.close();
    await db.drop();
  });

  it('simulates the week before the first start: trainer’s 7-day GPU chart has ≥ 100 points', async () => {
    const podwatch = await loadPodwatchConfig(demoConfigPath);
    const database = { url: db.url, embedded: db.embedded };
    let started = 0;
    const steps = await backfillDemo({ database, podwatch, now, onStart: () => (started += 1) });
    expect(steps).toBe(168);
    expect(started).toBe(1);
    // Only on an empty database: the next start leaves the history alone.
    expect(await backfillDemo({ database, podwatch, now })).toBe(0);

    // The live API with the same configuration (an empty one would archive the instances).
    sut = await startTestApp({
      databaseUrl: db.url,
      embedded: db.embedded,
      podwatchYaml: await readFile(demoConfigPath, 'utf8'),
    });
    const from = new Date(now.getTime() - 7 * 86_400_000).toISOString();
    const week = await sut.app.inject({
      method: 'GET',
      url: `/api/v1/instances/trainer/telemetry?from=${from}&to=${now.toISOString()}`,
    });
    expect(week.statusCode).toBe(200);
    const series = week.json<TelemetrySeries>();
    expect(series.points.length).toBeGreaterThanOrEqual(100);
    // Costs and prune runs came from the same machinery: stalled-job was stopped and flushed.
    const runs = await sut.app.inject({ method: 'GET', url: '/api/v1/prune-runs?actionsOnly=true' });
    expect(runs.statusCode).toBe(200);
    expect(runs.json<unknown[]>().length).toBeGreaterThan(0);
    const costs = await sut.app.inject({ method: 'GET', url: '/api/v1/costs' });
    expect(costs.json<{ daily: unknown[] }>().daily.length).toBeGreaterThanOrEqual(7);
  }, 300_000);
});

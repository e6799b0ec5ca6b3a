/**
 * Costs acceptance: the real API on real Postgres, RunPod simulated over HTTP, time on a fake clock.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type CostsResponse,
  type DashboardResponse,
  type PodCost,
  type ProblemDocument,
  roundMoney,
  spendFromSamples,
} from '@podwatch/shared';
import type { RunningSimulator } from '@podwatch/runpod-simulator';
import { CollectorService } from '../src/collector/collector.service.js';
import { FakeClock } from '../src/common/clock.js';
import { BillingService } from '../src/costs/billing.service.js';
import { PrismaService } from '../src/prisma/prisma.service.js';
import { runpodEnv, startTestSimulator } from './support/simulator.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const ids = {
  managed: 'idleapod000001',
  unmanaged: 'idlebpod000001',
  busy: 'busypod0000001',
  stopped: 'stoppedpod0001',
};

const yaml = `
instances:
  idle-a:
    podId: ${ids.managed}
    inactivity: 24h
`;

const TEN_MINUTES = 10 * 60_000;

describe('costs', () => {
  const clock = new FakeClock('2026-11-22T08:00:00Z');
  let db: TestDatabase;
  let sim: RunningSimulator;
  let sut: TestApp;
  let collector: CollectorService;

  const get = async <T>(url: string) => {
    const response = await sut.app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    return response.json<T>();
  };
  const costs = () => get<CostsResponse>('/api/v1/costs');
  const podCost = (report: CostsResponse, id: string): PodCost => {
    const pod = report.pods.find((p) => p.podId === id);
    if (!pod) throw new Error(`no cost line for ${id}`);
    return pod;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    sim = await startTestSimulator({
      clock,
      pods: [
        { id: ids.managed, name: 'idle-a', profile: 'idle', costPerHr: 0.59, uptimeSeconds: 3600 },
        { id: ids.unmanaged, name: 'idle-b', profile: 'idle', costPerHr: 0.59, uptimeSeconds: 3600 },
        { id: ids.busy, name: 'busy', profile: 'training', costPerHr: 0.59, uptimeSeconds: 3600 },
        { id: ids.stopped, name: 'old-run', status: 'EXITED', costPerHr: 0.59, volumeInGb: 100 },
      ],
    });
    sut = await startTestApp({
      databaseUrl: db.url,
      embedded: db.embedded,
      clock,
      // A sample stands for up to two intervals (20 min); the pods are sampled every 10.
      env: { ...runpodEnv(sim), STATS_INTERVAL: '10m', PODWATCH_RATE_LIMIT: '0' },
      podwatchYaml: yaml,
    });
    collector = sut.app.get(CollectorService);
    expect((await collector.collect()).ok).toBe(true);
  });

  afterAll(async () => {
    await sut?.close();
    expect(sim?.contractViolations() ?? []).toEqual([]);
    await sim?.close();
    await db?.drop();
  });

  it('counts only running pods in the burn rate: 3 × $0.59 = $1.77/h, $42.48/day, $1,274.40/month', async () => {
    const report = await costs();
    expect(report).toMatchObject({
      runningPods: 3,
      burnRatePerHour: 1.77,
      projectedPerDay: 42.48,
      projectedPerMonth: 1274.4,
    });
    expect(podCost(report, ids.stopped)).toMatchObject({
      status: 'EXITED',
      costPerHr: 0,
      storagePerMonth: 20,
    });
    const dashboard = await get<DashboardResponse>('/api/v1/dashboard');
    expect(dashboard.kpis).toMatchObject({
      burnRatePerHour: 1.77,
      projectedPerDay: 42.48,
      projectedPerMonth: 1274.4,
    });
  });

  it('prices the volume of a stopped pod at $0.20/GB/month and suggests terminating an unmanaged one', async () => {
    const report = await costs();
    expect(report.storage).toMatchObject({ perMonth: 20, perDay: 0.6667 });
    expect(report.storage.pods).toEqual([
      { podId: ids.stopped, name: 'old-run', instance: null, volumeInGb: 100, perMonth: 20 },
    ]);
    expect(report.suggestions).toContainEqual(
      expect.objectContaining({ kind: 'terminate-stopped', podId: ids.stopped, savingPerDay: 0.67 }),
    );
  });

  it('bills a pod idle for 2 h at $0.59/h $1.18 of idle waste, from its samples', async () => {
    for (let i = 0; i < 12; i += 1) {
      clock.advance(TEN_MINUTES);
      expect((await collector.collect()).ok).toBe(true);
    }
    const report = await costs();
    for (const id of [ids.managed, ids.unmanaged]) {
      expect(podCost(report, id)).toMatchObject({
        spend: { amount: 1.18, basis: 'estimated' },
        idleWaste: 1.18,
        idleWasteToday: 1.18,
        sampledSeconds: 7200,
        idleSeconds: 7200,
      });
    }
    expect(podCost(report, ids.busy)).toMatchObject({ spend: { amount: 1.18 }, idleWaste: 0 });
    expect(report.idleWaste.today).toBe(2.36);
    expect(report.spend.today).toEqual({ amount: 3.54, basis: 'estimated' });
    expect(report.instances).toEqual([
      expect.objectContaining({
        instance: 'idle-a',
        podIds: [ids.managed],
        idleWaste: 1.18,
        costPerHr: 0.59,
      }),
    ]);
    expect(report.daily.at(-1)).toMatchObject({
      day: '2026-11-22',
      spend: { amount: 3.54 },
      idleWaste: 2.36,
    });
    expect(report.daily).toHaveLength(7);

    const dashboard = await get<DashboardResponse>('/api/v1/dashboard');
    expect(dashboard.kpis.idleWasteToday).toBe(2.36);
    expect(dashboard.kpis.spendToday).toBe(3.54);
  });

  it('accrues in SQL exactly what the shared time-weighted maths gives for the same samples', async () => {
    const samples = await sut.app
      .get(PrismaService)
      .telemetrySample.findMany({ where: { podId: ids.managed } });
    const expected = spendFromSamples(
      samples.map((s) => ({ time: s.time, costPerHr: s.costPerHr, idle: !s.busy })),
      { gapSeconds: 1200, until: clock.now() },
    );
    const line = podCost(await costs(), ids.managed);
    expect(line.estimatedSpend).toBe(roundMoney(expected.spend, 4));
    expect(line.idleWaste).toBe(roundMoney(expected.idleWaste, 4));
  });

  it('suggests stopping the idle pods, not the busy one', async () => {
    const suggestions = (await costs()).suggestions.filter((s) => s.kind === 'stop-idle');
    expect(suggestions.map((s) => s.podId).sort()).toEqual([ids.managed, ids.unmanaged].sort());
    expect(suggestions[0]).toMatchObject({ savingPerDay: 14.16, savingPerMonth: 424.8 });
    expect(suggestions[0]!.message).toMatch(
      /^Stop idle-[ab] \(idle for at least 1h\d*m? at \$0\.59\/h\) to save \$14\.16\/day$/,
    );
  });

  it('gives the runway from the account balance GraphQL reported at the last collection', async () => {
    const { account, burnRatePerHour } = await costs();
    expect(account.balance).not.toBeNull();
    expect(account.balance!).toBeLessThan(500);
    expect(account.observedAt).toBe(clock.now().toISOString());
    expect(account.runwayHours).toBe(roundMoney(account.balance! / burnRatePerHour, 1));
  });

  it('stays estimated when RunPod billing fails, and says why', async () => {
    sim.control.addFault({ route: 'GET /v2/billing/pods', kind: 'status', status: 403, times: 1 });
    const refresh = await sut.app.get(BillingService).refresh();
    expect(refresh.ok).toBe(false);
    const report = await costs();
    expect(report.billing).toMatchObject({ covered: false, lastSuccessAt: null });
    expect(report.billing.lastError).toMatch(/403/);
    expect(report.spend.period.basis).toBe('estimated');
  });

  it('uses RunPod’s billed amounts once billing answers, marked actual, keeping the estimate beside them', async () => {
    const refresh = await sut.app.get(BillingService).refresh();
    expect(refresh).toMatchObject({ ok: true, fromDay: '2026-10-23', toDay: '2026-11-22' });
    expect(refresh.records).toBeGreaterThanOrEqual(3);
    const report = await costs();
    expect(report.billing).toMatchObject({ covered: true, lastError: null, coveredFrom: '2026-10-23' });
    expect(report.spend.period.basis).toBe('actual');
    const managed = podCost(report, ids.managed);
    expect(managed.spend.basis).toBe('actual');
    expect(managed.actualSpend).toBeGreaterThan(1);
    expect(managed.estimatedSpend).toBe(1.18);
    expect(report.daily.at(-1)!.spend.basis).toBe('actual');

    // The next refresh asks only for the days that can still change.
    sim.control.resetRequestCounts();
    expect((await sut.app.get(BillingService).refresh()).fromDay).toBe('2026-11-21');
    expect(sim.control.requestCounts().total).toBe(1);
  });

  it('answers 304 to a client holding the current figures, until the next collection', async () => {
    const first = await sut.app.inject({ method: 'GET', url: '/api/v1/costs' });
    expect(first.json<CostsResponse>().period).toEqual({
      from: '2026-11-16T00:00:00.000Z',
      to: '2026-11-23T00:00:00.000Z',
      days: 7,
    });
    clock.advance(30_000);
    const etag = String(first.headers.etag);
    const again = await sut.app.inject({
      method: 'GET',
      url: '/api/v1/costs',
      headers: { 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    clock.advance(TEN_MINUTES);
    await collector.collect();
    const after = await sut.app.inject({
      method: 'GET',
      url: '/api/v1/costs',
      headers: { 'if-none-match': etag },
    });
    expect(after.statusCode).toBe(200);
  });

  it('rejects a bad period with a problem naming the field', async () => {
    for (const days of ['0', '32', 'week']) {
      const response = await sut.app.inject({ method: 'GET', url: `/api/v1/costs?days=${days}` });
      expect(response.statusCode).toBe(400);
      expect(response.json<ProblemDocument>().errors?.[0]?.field).toBe('days');
    }
    expect((await get<CostsResponse>('/api/v1/costs?days=1')).daily).toHaveLength(1);
  });
});

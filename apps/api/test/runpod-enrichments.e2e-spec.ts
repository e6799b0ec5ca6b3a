/**
 * Sources ranked (issue 15): the REST pod list is the one call whose failure fails a cycle;
 * GraphQL, the endpoint list and workers only enrich it. Also every pod of the account (pages,
 * cluster members), /health/runpod, and the balance estimate. Simulator over HTTP, real Postgres,
 * fake clock.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { CostsResponse, DashboardResponse, InstanceSnapshot, PruneRunView } from '@podwatch/shared';
import type { FaultInput, RunningSimulator } from '@podwatch/runpod-simulator';
import { CollectorService } from '../src/collector/collector.service.js';
import { FakeClock } from '../src/common/clock.js';
import { BalanceService } from '../src/costs/balance.service.js';
import { PrismaService } from '../src/prisma/prisma.service.js';
import { runpodEnv, startTestSimulator } from './support/simulator.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from './support/test-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const ids = {
  idle: 'idlepod0000001',
  busy: 'busypod0000001',
  spare: 'sparepod000001',
  member: 'clustermember1',
};
const endpointId = 'embedendpoint1';
const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

const yaml = `
defaults:
  warnBefore: 0s
prune:
  confirmTimeout: 2s
instances:
  notebook:
    podId: ${ids.idle}
    inactivity: 2m
  trainer:
    podId: ${ids.busy}
    inactivity: 2m
  embeddings:
    type: serverless
    endpointId: ${endpointId}
    inactivity: 2m
`;

describe('RunPod sources ranked: enrichments fail alone', () => {
  const clock = new FakeClock('2026-12-03T10:00:00Z');
  let db: TestDatabase;
  let sim: RunningSimulator;
  let sut: TestApp;
  let collector: CollectorService;

  const get = async <T>(url: string): Promise<T> => {
    const response = await sut.app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    return response.json<T>();
  };
  const post = (url: string, payload: object) =>
    sut.app.inject({ method: 'POST', url, headers: admin, payload });
  const cycle = async () => {
    clock.advance(60_000);
    return collector.collect();
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    sim = await startTestSimulator({
      clock,
      // Two pages at least: the pod list follows nextCursor.
      pageSize: 2,
      pods: [
        { id: ids.idle, name: 'notebook', profile: 'idle', uptimeSeconds: 3600 },
        { id: ids.busy, name: 'trainer', profile: 'training', uptimeSeconds: 3600 },
        { id: ids.spare, name: 'spare', profile: 'idle' },
        { id: ids.member, name: 'cluster-node-0', profile: 'training', cluster: { id: 'cluster_abc123' } },
      ],
      endpoints: [{ id: endpointId, name: 'embeddings', workers: { min: 0, max: 2 } }],
    });
    sut = await startTestApp({
      databaseUrl: db.url,
      embedded: db.embedded,
      clock,
      // One attempt per call, a short timeout: a hung GraphQL costs seconds, not a minute.
      env: { ...runpodEnv(sim), RUNPOD_MAX_RETRIES: '0', RUNPOD_TIMEOUT: '3s' },
      podwatchYaml: yaml,
    });
    collector = sut.app.get(CollectorService);
  });

  beforeEach(async () => {
    sim.control.clearFaults();
    expect(await collector.collect()).toMatchObject({ ok: true, error: null });
    for (const name of ['notebook', 'trainer']) {
      expect((await post(`/api/v1/instances/${name}/activity`, {})).statusCode).toBe(200);
    }
  });

  afterAll(async () => {
    await sut?.close();
    expect(sim?.contractViolations() ?? []).toEqual([]);
    await sim?.close();
    await db?.drop();
  });

  it('lists a two-page pod list and a cluster member on the dashboard', async () => {
    sim.control.resetRequestCounts();
    expect(await collector.collect()).toMatchObject({ ok: true, pods: 4 });
    expect(sim.control.requestCounts().routes['GET /v2/pods']).toBe(2);
    const dashboard = await get<DashboardResponse>('/api/v1/dashboard');
    expect(dashboard.unmanagedPods.map((p) => p.id).sort()).toEqual([ids.member, ids.spare].sort());
    expect(dashboard.instances.find((i) => i.instance === 'trainer')?.pod?.id).toBe(ids.busy);
  });

  it.each<[string, FaultInput]>([
    ['answering 500', { route: 'POST /graphql', kind: 'status', status: 500 }],
    ['timing out', { route: 'POST /graphql', kind: 'hang' }],
  ])(
    'GraphQL %s for three cycles: only temperature, power and balance are stale; prune acts on fresh REST data',
    async (_title, fault) => {
      sim.control.addFault(fault);
      for (let i = 0; i < 3; i += 1) {
        const report = await cycle();
        expect(report.ok).toBe(true);
      }
      const trainer = await get<InstanceSnapshot>('/api/v1/instances/trainer');
      expect(trainer.stale).toBe(false);
      expect(trainer.telemetry?.gpuUtilMax).toBeGreaterThan(50);
      expect(trainer.telemetry?.temperatureC).toBeNull();
      expect(trainer.telemetry?.powerWatts).toBeNull();
      expect(trainer.telemetry?.thermalStale).toMatch(fault.kind === 'hang' ? /Timeout/ : /500/);
      const costs = await get<CostsResponse>('/api/v1/costs');
      expect(costs.account.balanceBasis).toBe('estimated');
      expect(costs.account.balanceStale).toMatch(fault.kind === 'hang' ? /Timeout/ : /500/);
      expect(costs.account.balance).toEqual(expect.any(Number));
      const dashboard = await get<DashboardResponse>('/api/v1/dashboard');
      expect(dashboard.graphql.state).toBe('failing');
      expect(dashboard.kpis.balanceBasis).toBe('estimated');

      const sent = (await post('/api/v1/prune', {})).json<PruneRunView>();
      expect(sent.decisions.find((d) => d.instance === 'notebook')).toMatchObject({
        action: 'stop',
        result: 'sent',
      });
      clock.advance(10_000);
      const run = (await post('/api/v1/prune', {})).json<PruneRunView>();
      expect(run.decisions.find((d) => d.instance === 'notebook')).toMatchObject({
        action: 'stop',
        result: 'flushed',
      });
      expect(run.decisions.find((d) => d.instance === 'trainer')).toMatchObject({ action: 'none' });
      expect(sim.control.listPods().find((p) => p.id === ids.idle)?.status).toBe('EXITED');

      sim.control.clearFaults();
      expect((await cycle()).ok).toBe(true);
      const recovered = await get<InstanceSnapshot>('/api/v1/instances/trainer');
      expect(recovered.telemetry?.thermalSource).toBe('runpod');
      expect(recovered.telemetry?.thermalStale).toBeNull();
      expect((await get<CostsResponse>('/api/v1/costs')).account.balanceBasis).toBe('actual');
      // Bring the stopped pod back for the next case.
      await post('/api/v1/instances/notebook/start', {});
      clock.advance(10_000);
    },
  );

  it('marks a serverless instance stale with the reason when its workers or the endpoint list fail, pods unaffected', async () => {
    sim.control.addFault({ route: 'GET /v2/serverless/{id}/workers', kind: 'status', status: 503 });
    expect((await cycle()).ok).toBe(true);
    let embeddings = await get<InstanceSnapshot>('/api/v1/instances/embeddings');
    expect(embeddings.stale).toBe(true);
    expect(embeddings.staleReason).toMatch(/^workers: .*503/);
    expect((await get<InstanceSnapshot>('/api/v1/instances/trainer')).stale).toBe(false);

    sim.control.clearFaults();
    sim.control.addFault({ route: 'GET /v2/serverless', kind: 'status', status: 502 });
    expect((await cycle()).ok).toBe(true);
    embeddings = await get<InstanceSnapshot>('/api/v1/instances/embeddings');
    expect(embeddings.staleReason).toMatch(/^endpoint list: .*502/);
    expect((await get<DashboardResponse>('/api/v1/dashboard')).serverless.map((e) => e.id)).toEqual([
      endpointId,
    ]);

    sim.control.clearFaults();
    expect((await cycle()).ok).toBe(true);
    expect((await get<InstanceSnapshot>('/api/v1/instances/embeddings')).stale).toBe(false);
  });

  it('/health/runpod answers 503 naming the reason after three failed cycles, 200 after one good cycle', async () => {
    sim.control.addFault({ route: 'GET /v2/pods', kind: 'status', status: 503 });
    for (let i = 0; i < 2; i += 1) expect((await cycle()).ok).toBe(false);
    expect((await sut.app.inject({ method: 'GET', url: '/health/runpod' })).statusCode).toBe(200);
    expect((await cycle()).ok).toBe(false);

    const down = await sut.app.inject({ method: 'GET', url: '/health/runpod' });
    expect(down.statusCode).toBe(503);
    expect(down.headers['content-type']).toMatch(/problem\+json/);
    expect(down.json<{ detail: string }>().detail).toMatch(
      /no successful RunPod collection for 180 s \(3 intervals of 60 s\); last error: .*503/,
    );
    const health = await sut.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json<{ runpod: { status: string; reachable: boolean } }>().runpod).toMatchObject({
      status: 'down',
      reachable: false,
    });

    sim.control.clearFaults();
    expect((await cycle()).ok).toBe(true);
    const up = await sut.app.inject({ method: 'GET', url: '/health/runpod' });
    expect(up.statusCode).toBe(200);
    expect(up.json<{ status: string; lastSuccessAgeSeconds: number }>()).toMatchObject({
      status: 'ok',
      lastSuccessAgeSeconds: 0,
    });
  });
});

describe('balance estimate once GraphQL is gone', () => {
  const clock = new FakeClock('2026-12-03T10:00:00Z');
  let db: TestDatabase;
  let sim: RunningSimulator;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sim = await startTestSimulator({
      clock,
      graphql: 'gone',
      pods: [{ id: 'burnpod0000001', name: 'burner', profile: 'training', costPerHr: 3, uptimeSeconds: 60 }],
    });
    sut = await startTestApp({ databaseUrl: db.url, embedded: db.embedded, clock, env: runpodEnv(sim) });
  });

  afterAll(async () => {
    await sut?.close();
    await sim?.close();
    await db?.drop();
  });

  it('$500 known at 10:00, $12.40 billed since, $3/h for the 20 minutes after the last bucket → $486.60, estimated', async () => {
    const put = (payload: object) =>
      sut.app.inject({ method: 'PUT', url: '/api/v1/account/balance', headers: admin, payload });
    expect((await put({ amount: 'lots' })).json<{ errors: { field: string }[] }>().errors[0]?.field).toBe(
      'amount',
    );
    expect((await put({ amount: 500, at: '2027-01-01T00:00:00Z' })).statusCode).toBe(400);
    expect(
      (await sut.app.inject({ method: 'PUT', url: '/api/v1/account/balance', payload: { amount: 1 } }))
        .statusCode,
    ).toBe(401);
    expect((await put({ amount: 500, at: '2026-12-03T10:00:00Z' })).statusCode).toBe(200);

    // RunPod's hour buckets, as the billing refresh stores them (fetched after each hour closed).
    const prisma = sut.app.get(PrismaService);
    const hours: [string, number][] = [
      ['2026-12-03T10:00:00Z', 4.1],
      ['2026-12-03T11:00:00Z', 5.3],
      ['2026-12-03T12:00:00Z', 3.0],
    ];
    for (const [time, amount] of hours) {
      await prisma.billingHour.create({
        data: { time: new Date(time), amount, fetchedAt: new Date('2026-12-03T13:05:00Z') },
      });
    }
    clock.set('2026-12-03T13:20:00Z');
    expect((await sut.app.get(CollectorService).collect()).ok).toBe(true);

    const costs = (await sut.app.inject({ method: 'GET', url: '/api/v1/costs' })).json<CostsResponse>();
    expect(costs.account).toMatchObject({
      balance: 486.6,
      balanceBasis: 'estimated',
      balanceStale: 'RunPod GraphQL is retired (410 Gone)',
      spendPerHour: 3,
      balanceEstimate: {
        known: { amount: 500, source: 'operator' },
        billedSince: 12.4,
        liveBurn: 1,
        billedUntil: '2026-12-03T13:00:00.000Z',
      },
    });
    const dashboard = (
      await sut.app.inject({ method: 'GET', url: '/api/v1/dashboard' })
    ).json<DashboardResponse>();
    expect(dashboard.kpis).toMatchObject({ balance: 486.6, balanceBasis: 'estimated' });
  });

  it('the billing refresh stores RunPod’s hour buckets since the known balance', async () => {
    await sut.app.get(PrismaService).billingHour.deleteMany();
    expect(await sut.app.get(BalanceService).refreshHours()).toBeGreaterThanOrEqual(3);
    const stored = await sut.app.get(PrismaService).billingHour.findMany({ orderBy: { time: 'asc' } });
    expect(stored[0]?.time.toISOString()).toBe('2026-12-03T10:00:00.000Z');
    // A $3/h pod bills about $3 an hour (plus a little disk).
    expect(stored[1]?.amount).toBeGreaterThan(2.9);
    expect(stored[1]?.amount).toBeLessThan(3.2);
  });
});

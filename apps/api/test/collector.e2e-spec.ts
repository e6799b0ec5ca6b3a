/**
 * Stats acceptance: the real API on real Postgres, RunPod simulated over HTTP, time on a fake clock.
 */
import 'reflect-metadata';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { DashboardResponse, InstanceSnapshot, TelemetrySeries } from '@podwatch/shared';
import type { RunningSimulator } from '@podwatch/runpod-simulator';
import { CollectorService } from '../src/collector/collector.service.js';
import { FakeClock } from '../src/common/clock.js';
import { PrismaService } from '../src/prisma/prisma.service.js';
import { TelemetryRepository } from '../src/telemetry/telemetry.repository.js';
import { runpodEnv, startTestSimulator } from './support/simulator.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from './support/test-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const ids = {
  idle: 'idlepod0000001',
  eight: 'eightgpu000001',
  stopped: 'stoppedpod0001',
  training: 'trainingpod001',
};

const yaml = `
defaults:
  warnBefore: 0s
instances:
  idle:
    podId: ${ids.idle}
    inactivity: 10m
  render:
    podId: ${ids.eight}
    inactivity: 1h
    activity: { gpuUtilPercent: 20 }
  resumable:
    podId: ${ids.stopped}
    inactivity: 5m
  trainer:
    podId: ${ids.training}
    inactivity: 2h
  fresh:
    inactivity: 5m
    create:
      image: runpod/pytorch:2.4
      gpuType: NVIDIA GeForce RTX 4090
`;

describe('collection, snapshots and countdowns', () => {
  const clock = new FakeClock('2026-11-22T12:00:00Z');
  let db: TestDatabase;
  let sim: RunningSimulator;
  let sut: TestApp;
  let collector: CollectorService;
  let prisma: PrismaService;

  const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const get = async <T>(url: string) => {
    const response = await sut.app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    return response.json<T>();
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    sim = await startTestSimulator({
      clock,
      pods: [
        { id: ids.idle, name: 'idle', profile: 'idle', uptimeSeconds: 120 },
        {
          id: ids.eight,
          name: 'render',
          profile: 'multi-gpu-one-busy',
          gpuTypeId: 'NVIDIA RTX A6000',
          gpuCount: 8,
        },
        { id: ids.stopped, name: 'resumable', profile: 'idle', status: 'EXITED' },
        { id: ids.training, name: 'trainer', profile: 'training', gpuTypeId: 'NVIDIA H100 80GB HBM3' },
        { name: 'unmanaged-a40', profile: 'idle', gpuTypeId: 'NVIDIA A40' },
      ],
    });
    sut = await startTestApp({
      databaseUrl: db.url,
      embedded: db.embedded,
      clock,
      env: runpodEnv(sim),
      podwatchYaml: yaml,
    });
    collector = sut.app.get(CollectorService);
    prisma = sut.app.get(PrismaService);
  });

  afterEach(() => {
    sim.control.clearFaults();
  });

  afterAll(async () => {
    await sut?.close();
    expect(sim?.contractViolations() ?? []).toEqual([]);
    await sim?.close();
    await db?.drop();
  });

  it('collects the fleet with one pod list, one GraphQL batch and one endpoint list', async () => {
    sim.control.resetRequestCounts();
    const report = await collector.collect();
    expect(report).toMatchObject({ ok: true, pods: 5, samples: 4 });
    const counts = sim.control.requestCounts();
    expect(counts.total).toBeLessThanOrEqual(3);
    expect(counts.routes['GET /v2/pods']).toBe(1);
    expect(counts.routes['POST /graphql']).toBe(1);
  });

  it('shows each instance with its pod, telemetry and a countdown from killAt', async () => {
    const idle = await get<InstanceSnapshot>('/api/v1/instances/idle');
    expect(idle.pod).toMatchObject({ id: ids.idle, status: 'RUNNING', instance: 'idle' });
    expect(idle.telemetry?.gpus.length).toBe(1);
    expect(idle.telemetry?.temperatureC).toBeGreaterThan(20);
    expect(idle.telemetry?.powerWatts).toBeGreaterThan(0);
    // Never active, and started before Podwatch watched it: counted from when watching began.
    expect(idle.lastActivity).toBeNull();
    expect(idle.timeUntilKill).toBe(10 * 60);
    expect(idle.state).toBe('counting');
    expect(idle.stale).toBe(false);

    const trainer = await get<InstanceSnapshot>('/api/v1/instances/trainer');
    expect(trainer.state).toBe('active');
    expect(trainer.lastActivity?.signal).toBe('gpu');
    expect(trainer.timeUntilKill).toBe(2 * 3600);
  });

  it('judges activity on the busiest GPU, not the average', async () => {
    const render = await get<InstanceSnapshot>('/api/v1/instances/render');
    const utils = render.telemetry!.gpus.map((g) => g.utilPercent ?? 0);
    expect(utils).toHaveLength(8);
    expect(utils.filter((u) => u >= 20)).toHaveLength(1);
    expect(render.telemetry!.gpuUtilAvg!).toBeLessThan(20);
    expect(render.lastActivity?.signal).toBe('gpu');
    expect(render.lastRunAt).toBe(clock.now().toISOString());
  });

  it('counts down as time passes and reaches pruning at zero while the pod runs', async () => {
    clock.advance(5 * 60_000);
    await collector.collect();
    expect((await get<InstanceSnapshot>('/api/v1/instances/idle')).timeUntilKill).toBe(5 * 60);
    clock.advance(6 * 60_000);
    await collector.collect();
    const idle = await get<InstanceSnapshot>('/api/v1/instances/idle');
    expect(idle.timeUntilKill).toBe(0);
    expect(idle.state).toBe('pruning');
  });

  it('keeps the last data marked stale on a RunPod fault, and clears it on the next good cycle', async () => {
    sim.control.addFault({ route: 'GET /v2/pods', kind: 'status', status: 503 });
    const failed = await collector.collect();
    expect(failed.ok).toBe(false);
    const stale = await get<InstanceSnapshot>('/api/v1/instances/trainer');
    expect(stale.stale).toBe(true);
    expect(stale.staleReason).toMatch(/503/);
    expect(stale.pod?.id).toBe(ids.training);
    expect(stale.telemetry).not.toBeNull();

    sim.control.clearFaults();
    expect((await collector.collect()).ok).toBe(true);
    const fresh = await get<InstanceSnapshot>('/api/v1/instances/trainer');
    expect(fresh.stale).toBe(false);
    expect(fresh.staleReason).toBeNull();
  });

  it('serves telemetry history in at most `points` buckets', async () => {
    for (let i = 0; i < 30; i += 1) {
      clock.advance(60_000);
      await collector.collect();
    }
    const to = clock.now();
    const from = new Date(to.getTime() - 3_600_000);
    const series = await get<TelemetrySeries>(
      `/api/v1/instances/trainer/telemetry?from=${from.toISOString()}&to=${to.toISOString()}&points=10`,
    );
    expect(series.resolution).toBe('raw');
    expect(series.points.length).toBeGreaterThan(0);
    expect(series.points.length).toBeLessThanOrEqual(10);
    expect(series.podIds).toEqual([ids.training]);
    expect(series.points.every((p) => (p.gpuUtilMax ?? 0) > 50)).toBe(true);
  });

  it('serves a 30-day range from the 5-minute rollup, inside the range, every rolled-up sample counted', async () => {
    const to = clock.now();
    const rolledUntil = new Date(Math.floor(to.getTime() / 300_000) * 300_000);
    await sut.app.get(TelemetryRepository).rollup(new Date(to.getTime() - 86_400_000), rolledUntil);
    const from = new Date(to.getTime() - 30 * 86_400_000);
    const series = await get<TelemetrySeries>(
      `/api/v1/instances/trainer/telemetry?from=${from.toISOString()}&to=${to.toISOString()}&points=500`,
    );
    expect(series.resolution).toBe('5m');
    expect(series.points.length).toBeGreaterThan(0);
    expect(series.points.length).toBeLessThanOrEqual(500);
    for (const point of series.points) {
      expect(Date.parse(point.time)).toBeGreaterThanOrEqual(from.getTime());
      expect(Date.parse(point.time)).toBeLessThan(to.getTime());
    }
    const raw = await sut.app.get(PrismaService).telemetrySample.count({
      where: { podId: ids.training, source: 'runpod', time: { lt: rolledUntil } },
    });
    expect(raw).toBeGreaterThan(10);
    expect(series.points.reduce((sum, p) => sum + p.samples, 0)).toBe(raw);
  });

  it('rejects a bad telemetry query naming the field', async () => {
    const response = await sut.app.inject({
      method: 'GET',
      url: '/api/v1/instances/trainer/telemetry?points=abc',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
    expect(response.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain('points');
  });

  it('answers If-None-Match with 304 while nothing changed', async () => {
    const first = await sut.app.inject({ method: 'GET', url: '/api/v1/dashboard' });
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    clock.advance(1_000);
    const again = await sut.app.inject({
      method: 'GET',
      url: '/api/v1/dashboard',
      headers: { 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
  });

  it('shows a change on the dashboard at once, although it is built at most once a second', async () => {
    const before = await get<{ instances: InstanceSnapshot[] }>('/api/v1/dashboard');
    const killAt = before.instances.find((i) => i.instance === 'trainer')!.killAt;
    await sut.app.inject({
      method: 'POST',
      url: '/api/v1/instances/trainer/extend',
      headers: admin,
      payload: { duration: '1h' },
    });
    const after = await get<{ instances: InstanceSnapshot[] }>('/api/v1/dashboard');
    expect(after.instances.find((i) => i.instance === 'trainer')!.killAt).not.toBe(killAt);
    const gzipped = await sut.app.inject({
      method: 'GET',
      url: '/api/v1/dashboard',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
  });

  it('records app activity and extends countdowns, both audited', async () => {
    const activity = await sut.app.inject({
      method: 'POST',
      url: '/api/v1/instances/idle/activity',
      headers: admin,
      payload: { detail: 'processed a batch' },
    });
    expect(activity.statusCode).toBe(200);
    expect(activity.json<InstanceSnapshot>()).toMatchObject({
      timeUntilKill: 600,
      lastActivity: { signal: 'activity', detail: 'processed a batch' },
    });

    const extended = await sut.app.inject({
      method: 'POST',
      url: '/api/v1/instances/idle/extend',
      headers: admin,
      payload: { duration: '30m' },
    });
    expect(extended.json<InstanceSnapshot>().timeUntilKill).toBe(600 + 1800);
    const audit = await prisma.auditEvent.findFirst({ where: { kind: 'extend' } });
    expect(audit).toMatchObject({ outcome: 'ok', actor: 'api' });

    const bad = await sut.app.inject({
      method: 'POST',
      url: '/api/v1/instances/idle/extend',
      headers: admin,
      payload: { duration: 'forever' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('duration');

    const timeline = await get<{ entries: { type: string; signal?: string; kind?: string }[] }>(
      '/api/v1/instances/idle/timeline',
    );
    expect(timeline.entries.some((e) => e.type === 'activity' && e.signal === 'extend')).toBe(true);
    expect(timeline.entries.some((e) => e.type === 'audit' && e.kind === 'extend')).toBe(true);

    const anonymous = await sut.app.inject({
      method: 'POST',
      url: '/api/v1/instances/idle/extend',
      payload: { duration: '5m' },
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('start resumes a stopped pod and creates a missing one from the spec', async () => {
    const resumed = await sut.app.inject({
      method: 'POST',
      url: '/api/v1/instances/resumable/start',
      headers: admin,
    });
    expect(resumed.statusCode).toBe(200);
    expect(resumed.json<InstanceSnapshot>().lastActivity?.signal).toBe('start');
    expect(sim.control.listPods().find((p) => p.id === ids.stopped)?.status).not.toBe('EXITED');

    const created = await sut.app.inject({
      method: 'POST',
      url: '/api/v1/instances/fresh/start',
      headers: admin,
    });
    expect(created.statusCode).toBe(200);
    const body = created.json<InstanceSnapshot>();
    expect(body.config.podId).toMatch(/^[a-z0-9]{14}$/);
    expect(body.pod?.name).toBe('fresh');

    const missing = await sut.app.inject({
      method: 'POST',
      url: '/api/v1/instances/nope/start',
      headers: admin,
    });
    expect(missing.statusCode).toBe(404);
  });

  it('lists unmanaged pods on the dashboard with fleet KPIs', async () => {
    await collector.collect();
    const dashboard = await get<DashboardResponse>('/api/v1/dashboard');
    expect(dashboard.unmanagedPods.map((p) => p.name)).toEqual(['unmanaged-a40']);
    // Unmanaged pods show their live utilisation too: an idle one costs money just the same.
    expect(dashboard.unmanagedPods[0]?.utilization?.gpuMaxPercent).toEqual(expect.any(Number));
    expect(dashboard.kpis.runningPods).toBeGreaterThanOrEqual(5);
    expect(dashboard.kpis.burnRatePerHour).toBeGreaterThan(0);
  });
});

describe('collection at fleet size', () => {
  let db: TestDatabase;
  let sim: RunningSimulator;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sim = await startTestSimulator({ pods: 1000, contract: 'off' });
    sut = await startTestApp({ databaseUrl: db.url, embedded: db.embedded, env: runpodEnv(sim) });
  });

  afterAll(async () => {
    await sut?.close();
    await sim?.close();
    await db?.drop();
  });

  it('makes at most 3 RunPod requests for 1,000 pods', async () => {
    sim.control.resetRequestCounts();
    const report = await sut.app.get(CollectorService).collect();
    expect(report.ok).toBe(true);
    expect(report.pods).toBe(1000);
    expect(sim.control.requestCounts().total).toBeLessThanOrEqual(3);
  });
});

/**
 * RunPod's GraphQL retirement (issue 15): GraphQL answering 410 from the start, and switched to
 * 410 mid-run. REST v2 alone must keep Podwatch working. Simulator over HTTP, real Postgres,
 * fake clock.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AgentReport, DashboardResponse, InstanceSnapshot, PruneRunView } from '@podwatch/shared';
import type { RunningSimulator } from '@podwatch/runpod-simulator';
import { AGENT_REPORT_EXAMPLE } from '../src/agents/dto/agent-report.example.js';
import { CollectorService } from '../src/collector/collector.service.js';
import { FakeClock } from '../src/common/clock.js';
import { GRAPHQL_OFF_NOTICE } from '../src/runpod/graphql-state.js';
import { runpodEnv, startTestSimulator } from './support/simulator.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from './support/test-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const ids = { idle: 'idlepod0000001', busy: 'busypod0000001', agent: 'agentpod000001' };
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
  watched:
    podId: ${ids.agent}
    inactivity: 1h
`;

describe.each([
  ['from the start', 'start'],
  ['switched to 410 mid-run', 'mid'],
] as const)('RunPod GraphQL answering 410 %s', (_title, when) => {
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
  const graphqlRequests = () => sim.control.requestCounts().routes['POST /graphql'] ?? 0;
  const agentReport = (): AgentReport => ({
    ...AGENT_REPORT_EXAMPLE,
    podId: ids.agent,
    collectedAt: clock.now().toISOString(),
    sentAt: undefined,
    ssh: { available: true, ports: [22], sessions: [] },
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    sim = await startTestSimulator({
      clock,
      graphql: when === 'start' ? 'gone' : 'up',
      pods: [
        { id: ids.idle, name: 'notebook', profile: 'idle', uptimeSeconds: 3600 },
        { id: ids.busy, name: 'trainer', profile: 'training', uptimeSeconds: 3600 },
        { id: ids.agent, name: 'watched', profile: 'idle', gpuTypeId: 'NVIDIA H100 80GB HBM3' },
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

  it('keeps every collection cycle succeeding and sends no GraphQL request after the first 410', async () => {
    if (when === 'mid') {
      expect((await collector.collect()).ok).toBe(true);
      const before = await get<InstanceSnapshot>('/api/v1/instances/trainer');
      expect(before.telemetry?.temperatureC).toEqual(expect.any(Number));
      expect(before.telemetry?.thermalSource).toBe('runpod');
      expect((await get<DashboardResponse>('/api/v1/dashboard')).graphql.state).toBe('on');
      sim.control.setGraphql('gone');
    }
    sim.control.resetRequestCounts();
    for (let cycle = 0; cycle < 4; cycle += 1) {
      clock.advance(30_000);
      const report = await collector.collect();
      expect(report).toMatchObject({ ok: true, pods: 3 });
      expect(graphqlRequests()).toBe(1);
    }
    for (const name of ['notebook', 'trainer', 'watched']) {
      const instance = await get<InstanceSnapshot>(`/api/v1/instances/${name}`);
      expect(instance.stale).toBe(false);
      expect(instance.pod?.status).toBe('RUNNING');
    }
  });

  it('shows temperature and power as not available (null, never 0), or the agent’s with its source', async () => {
    expect((await post('/api/v1/agents/report', agentReport())).statusCode).toBe(200);
    clock.advance(5_000);
    expect((await collector.collect()).ok).toBe(true);

    const trainer = await get<InstanceSnapshot>('/api/v1/instances/trainer');
    expect(trainer.telemetry?.gpuUtilMax).toBeGreaterThan(50);
    expect(trainer.telemetry?.temperatureC).toBeNull();
    expect(trainer.telemetry?.powerWatts).toBeNull();
    expect(trainer.telemetry?.thermalSource).toBeNull();
    expect(trainer.telemetry?.thermalStale).toMatch(/retired/);
    expect(trainer.telemetry?.gpus.every((g) => g.temperatureC === null && g.powerWatts === null)).toBe(true);

    const watched = await get<InstanceSnapshot>('/api/v1/instances/watched');
    expect(watched.telemetry?.thermalSource).toBe('agent');
    expect(watched.telemetry?.temperatureC).toBe(37);
    expect(watched.telemetry?.powerWatts).toBe(125);
  });

  it('reports burn = Σ REST cost, GraphQL retired on /health and the dashboard, balance not claimed as actual', async () => {
    const dashboard = await get<DashboardResponse>('/api/v1/dashboard');
    const expected = sim.control
      .listPods()
      .filter((p) => p.status === 'RUNNING')
      .reduce((sum, p) => sum + p.costPerHr, 0);
    expect(dashboard.kpis.burnRatePerHour).toBeCloseTo(expected, 4);
    expect(dashboard.graphql).toMatchObject({ state: 'retired', mode: 'auto', notice: GRAPHQL_OFF_NOTICE });
    expect(dashboard.graphql.retiredBecause).toMatch(/410/);
    // Mid-run, GraphQL's last balance is the known one: from then on it is an estimate.
    expect(dashboard.kpis.balanceBasis).toBe(when === 'mid' ? 'estimated' : null);

    const health = await sut.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    const body = health.json<{
      status: string;
      runpod: { status: string; reachable: boolean; graphql: { state: string } };
    }>();
    expect(body.status).toBe('ok');
    expect(body.runpod).toMatchObject({ status: 'ok', reachable: true, graphql: { state: 'retired' } });
    expect((await sut.app.inject({ method: 'GET', url: '/health/runpod' })).statusCode).toBe(200);
  });

  it('stops the idle pod and confirms it on time, and leaves the busy one alone', async () => {
    clock.advance(3 * 60_000);
    expect((await collector.collect()).ok).toBe(true);
    const response = await post('/api/v1/prune', {});
    expect(response.statusCode).toBe(200);
    expect(response.json<PruneRunView>().decisions.find((d) => d.instance === 'notebook')).toMatchObject({
      action: 'stop',
      result: 'sent',
    });
    // The next tick confirms it from REST alone (EXITED at $0/h) and flushes.
    clock.advance(10_000);
    const run = (await post('/api/v1/prune', {})).json<PruneRunView>();
    expect(run.decisions.find((d) => d.instance === 'notebook')).toMatchObject({
      action: 'stop',
      result: 'flushed',
    });
    expect(run.decisions.find((d) => d.instance === 'trainer')).toMatchObject({ action: 'none' });
    const pods = sim.control.listPods();
    expect(pods.find((p) => p.id === ids.idle)?.status).toBe('EXITED');
    expect(pods.find((p) => p.id === ids.busy)?.status).toBe('RUNNING');
    expect(graphqlRequests()).toBe(1);
  });
});

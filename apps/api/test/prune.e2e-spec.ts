/**
 * Prune acceptance: simulator over HTTP, fake clock, real Postgres.
 */
import 'reflect-metadata';
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { InstanceSnapshot, PruneRunView } from '@podwatch/shared';
import type { RunningSimulator } from '@podwatch/runpod-simulator';
import { CollectorService } from '../src/collector/collector.service.js';
import { FakeClock } from '../src/common/clock.js';
import { PrismaService } from '../src/prisma/prisma.service.js';
import { PruneService } from '../src/prune/prune.service.js';
import { runpodEnv, startTestSimulator } from './support/simulator.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from './support/test-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';
import { itWithServer } from './support/with-server.js';

const ids = {
  notebook: 'notebookpod001',
  scratch: 'scratchpod0001',
  keeper: 'keeperpod00001',
  stuck: 'stuckpod000001',
  orphan: 'orphanpod00001',
};
const endpointId = 'embedendpoint1';

const yaml = `
defaults:
  warnBefore: 0s
prune:
  confirmTimeout: 1s
  resendAfter: 30s
  resendMaxInterval: 30s
instances:
  notebook:
    podId: ${ids.notebook}
    inactivity: 2m
  scratch:
    podId: ${ids.scratch}
    inactivity: 2m
    onIdle: terminate
  keeper:
    podId: ${ids.keeper}
    inactivity: 2m
    protect: true
  stuck:
    podId: ${ids.stuck}
    inactivity: 2m
  embeddings:
    type: serverless
    endpointId: ${endpointId}
    inactivity: 2m
    onIdle: scaleToZero
`;

const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

async function prune(app: TestApp, body: Record<string, unknown>): Promise<PruneRunView> {
  const response = await app.app.inject({
    method: 'POST',
    url: '/api/v1/prune',
    headers: admin,
    payload: body,
  });
  expect(response.statusCode).toBe(200);
  return response.json<PruneRunView>();
}

function decisionOf(run: PruneRunView, instance: string) {
  const decision = run.decisions.find((d) => d.instance === instance);
  if (!decision) throw new Error(`no decision for ${instance}`);
  return decision;
}

describe('prune', () => {
  const clock = new FakeClock('2026-11-22T12:00:00Z');
  let db: TestDatabase;
  let sim: RunningSimulator;
  let sut: TestApp;
  let collector: CollectorService;
  let prisma: PrismaService;

  const activityNow = async (instance: string) => {
    const response = await sut.app.inject({
      method: 'POST',
      url: `/api/v1/instances/${instance}/activity`,
      headers: admin,
      payload: {},
    });
    expect(response.statusCode).toBe(200);
  };
  const actions = () =>
    Object.entries(sim.control.requestCounts().routes)
      .filter(([route]) => route.startsWith('POST /v2/pods/') || route.startsWith('PATCH /v2/serverless'))
      .reduce((n, [, count]) => n + count, 0);

  beforeEach(async () => {
    sim?.control.clearFaults();
    await sut?.close();
    await sim?.close();
    await db?.drop();
    clock.set('2026-11-22T12:00:00Z');
    db = await createTestDatabase();
    sim = await startTestSimulator({
      clock,
      pods: [
        { id: ids.notebook, name: 'notebook', profile: 'idle', uptimeSeconds: 3600 },
        { id: ids.scratch, name: 'scratch', profile: 'idle', uptimeSeconds: 3600 },
        { id: ids.keeper, name: 'keeper', profile: 'idle', uptimeSeconds: 3600 },
        { id: ids.stuck, name: 'stuck', profile: 'idle', uptimeSeconds: 3600 },
        { id: ids.orphan, name: 'notebook', profile: 'idle', uptimeSeconds: 600 },
      ],
      endpoints: [
        {
          id: endpointId,
          name: 'embeddings',
          workers: { min: 1, max: 2, idleTimeout: 5 },
          coldStartSeconds: 1,
        },
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
    for (const name of ['notebook', 'scratch', 'keeper', 'stuck']) await activityNow(name);
    await collector.collect();
  });

  afterEach(() => {
    expect(sim.contractViolations()).toEqual([]);
  });

  afterAll(async () => {
    await sut?.close();
    await sim?.close();
    await db?.drop();
  });

  it('leaves an instance alone one minute into a two-minute window', async () => {
    clock.advance(60_000);
    await collector.collect();
    const run = await prune(sut, { instance: 'notebook' });
    expect(decisionOf(run, 'notebook')).toMatchObject({ action: 'none', code: 'counting' });
    expect(actions()).toBe(0);
  });

  it('stops an idle pod after its window, confirms EXITED at $0/h on the next tick, then flushes; audited in order', async () => {
    clock.advance(5 * 60_000);
    await collector.collect();
    const run = await prune(sut, { instance: 'notebook' });
    expect(decisionOf(run, 'notebook')).toMatchObject({ action: 'stop', code: 'due', result: 'sent' });
    clock.advance(10_000);
    const next = await prune(sut, { instance: 'notebook' });
    expect(decisionOf(next, 'notebook')).toMatchObject({ action: 'stop', code: 'resume', result: 'flushed' });
    expect(next.summary).toMatchObject({ stopped: 1, flushed: 1, confirmationFailures: 0 });
    const steps = [...run.steps, ...next.steps].filter((s) => s.podId === ids.notebook);
    expect(steps.map((s) => `${s.kind}:${s.outcome}`)).toEqual([
      'decision:ok',
      'runpod_call:ok',
      'confirmation:ok',
      'flush:ok',
    ]);
    expect(actions()).toBe(1);
    expect(sim.control.listPods().find((p) => p.id === ids.notebook)?.status).toBe('EXITED');

    const instance = (
      await sut.app.inject({ method: 'GET', url: '/api/v1/instances/notebook' })
    ).json<InstanceSnapshot>();
    expect(instance.state).toBe('stopped');
    expect(instance.telemetry).toBeNull();
    expect(instance.flushedAt).not.toBeNull();
    expect(await prisma.telemetrySample.count({ where: { podId: ids.notebook } })).toBeGreaterThan(0);

    const again = await prune(sut, { instance: 'notebook' });
    expect(decisionOf(again, 'notebook')).toMatchObject({ action: 'none', code: 'flushed' });
  });

  it('terminates with onIdle: terminate and confirms the pod is gone', async () => {
    clock.advance(5 * 60_000);
    await collector.collect();
    await prune(sut, { instance: 'scratch' });
    clock.advance(10_000);
    const run = await prune(sut, { instance: 'scratch' });
    expect(decisionOf(run, 'scratch')).toMatchObject({ action: 'terminate', result: 'flushed' });
    expect(run.summary.terminated).toBe(1);
    expect(sim.control.listPods().some((p) => p.id === ids.scratch && p.status !== 'TERMINATED')).toBe(false);
    expect(run.steps.find((s) => s.kind === 'confirmation')?.reason).toMatch(/gone|TERMINATED/i);
  });

  it('does nothing on stale data and says so', async () => {
    // Due and freshly collected, then the very next cycle fails: the collector's stale flag alone
    // must hold prune back (the last success is only seconds old).
    clock.advance(5 * 60_000);
    expect((await collector.collect()).ok).toBe(true);
    clock.advance(10_000);
    sim.control.addFault({ route: 'GET /v2/pods', kind: 'status', status: 500 });
    expect((await collector.collect()).ok).toBe(false);
    sim.control.resetRequestCounts();
    const run = await prune(sut, {});
    expect(decisionOf(run, 'notebook')).toMatchObject({ action: 'none', code: 'stale' });
    expect(decisionOf(run, 'notebook').reason).toMatch(/^stale: .*500/);
    expect(actions()).toBe(0);
  });

  it('also fails closed when no collection succeeded within two intervals', async () => {
    clock.advance(5 * 60_000);
    const run = await prune(sut, { dryRun: true, instance: 'notebook' });
    expect(decisionOf(run, 'notebook')).toMatchObject({ action: 'none', code: 'stale' });
  });

  it('does not flush when the stop is accepted but the pod keeps running: alerts, re-sends after the grace period', async () => {
    sim.control.setStuck(ids.stuck, true);
    clock.advance(5 * 60_000);
    await collector.collect();
    const sent = await prune(sut, { instance: 'stuck' });
    expect(decisionOf(sent, 'stuck')).toMatchObject({ action: 'stop', result: 'sent' });
    clock.advance(5_000);
    const run = await prune(sut, { instance: 'stuck' });
    expect(run.status).toBe('failed');
    expect(decisionOf(run, 'stuck')).toMatchObject({ action: 'stop', result: 'confirmation-failed' });
    expect(run.steps.filter((s) => s.instance === 'stuck').map((s) => `${s.kind}:${s.outcome}`)).toEqual([
      'confirmation:failed',
    ]);
    expect(run.steps.find((s) => s.kind === 'confirmation')?.reason).toMatch(
      /not confirmed within 1s.*RUNNING/,
    );
    expect((await prisma.podSnapshot.findFirst({ where: { podId: ids.stuck } }))?.flushedAt).toBeNull();
    expect(
      await prisma.alert.findFirst({
        where: { rule: 'prune-confirmation', subject: 'stuck', resolvedAt: null },
      }),
    ).not.toBeNull();
    // Within the grace period nothing is sent again; after it, the stop is re-sent (audited as such).
    expect(actions()).toBe(1);
    clock.advance(30_000);
    const again = await prune(sut, { instance: 'stuck' });
    expect(decisionOf(again, 'stuck').code).toBe('resume');
    expect(actions()).toBe(2);
    expect(again.steps.find((s) => s.kind === 'runpod_call')?.reason).toMatch(/re-sent/);
  });

  it('does not flush a pod that is EXITED but still billed, and flushes once its cost is $0', async () => {
    sim.control.setBillingLag(ids.notebook, 60);
    clock.advance(5 * 60_000);
    await collector.collect();
    await prune(sut, { instance: 'notebook' });
    clock.advance(10_000);
    const run = await prune(sut, { instance: 'notebook' });
    expect(decisionOf(run, 'notebook')).toMatchObject({ action: 'stop', result: 'confirmation-failed' });
    expect(run.steps.find((s) => s.kind === 'confirmation')?.reason).toMatch(
      /not confirmed within 1s: .* still EXITED at \$0\.\d+\/h/,
    );
    expect(sim.control.listPods().find((p) => p.id === ids.notebook)?.status).toBe('EXITED');
    expect((await prisma.podSnapshot.findFirst({ where: { podId: ids.notebook } }))?.flushedAt).toBeNull();

    clock.advance(90_000);
    const before = actions();
    const next = await prune(sut, { instance: 'notebook' });
    expect(decisionOf(next, 'notebook')).toMatchObject({ code: 'resume', result: 'flushed' });
    expect(next.steps.find((step) => step.kind === 'confirmation')?.reason).toMatch(/EXITED at \$0\/h/);
    expect(actions()).toBe(before);
    expect(
      (await prisma.podSnapshot.findFirst({ where: { podId: ids.notebook } }))?.flushedAt,
    ).not.toBeNull();
  });

  it('never stops a protected instance, whatever its countdown', async () => {
    clock.advance(60 * 60_000);
    await collector.collect();
    const run = await prune(sut, { instance: 'keeper' });
    expect(decisionOf(run, 'keeper')).toMatchObject({ action: 'none', code: 'protected', timeUntilKill: 0 });
    expect(sim.control.listPods().find((p) => p.id === ids.keeper)?.status).toBe('RUNNING');
  });

  it('scales a serverless endpoint to zero and flushes only once no worker runs', async () => {
    clock.advance(5 * 60_000);
    await collector.collect();
    sim.control.enqueueJobs(endpointId, { count: 2, durationSeconds: 60 });
    clock.advance(2_000);
    const skipped = await prune(sut, { instance: 'embeddings' });
    expect(decisionOf(skipped, 'embeddings')).toMatchObject({
      action: 'scaleToZero',
      result: 'flush-skipped',
    });
    expect(decisionOf(skipped, 'embeddings').reason).toMatch(/running|initializing/);
    expect(skipped.summary.scaledToZero).toBe(1);

    clock.advance(5 * 60_000);
    await collector.collect();
    const flushed = await prune(sut, { instance: 'embeddings' });
    expect(decisionOf(flushed, 'embeddings')).toMatchObject({ result: 'flushed' });
  });

  it('lists the same decisions on a dry run without changing anything at RunPod', async () => {
    clock.advance(5 * 60_000);
    await collector.collect();
    sim.control.resetRequestCounts();
    const dry = await prune(sut, { dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(decisionOf(dry, 'notebook')).toMatchObject({ action: 'stop', code: 'due', result: 'planned' });
    expect(decisionOf(dry, 'keeper')).toMatchObject({ action: 'none', code: 'protected' });
    expect(actions()).toBe(0);
    expect(sim.control.listPods().find((p) => p.id === ids.notebook)?.status).toBe('RUNNING');

    const real = await prune(sut, {});
    expect(decisionOf(real, 'notebook')).toMatchObject({
      action: dry.decisions.find((d) => d.instance === 'notebook')!.action,
    });
  });

  it('reports an orphan pod named like an instance and leaves it running', async () => {
    const run = await prune(sut, {});
    expect(run.summary.orphans).toBe(1);
    expect(run.steps.find((s) => s.kind === 'orphan')).toMatchObject({
      podId: ids.orphan,
      outcome: 'skipped',
    });
    expect(sim.control.listPods().find((p) => p.id === ids.orphan)?.status).toBe('RUNNING');
  });

  it('serves runs with their steps and validates requests', async () => {
    const run = await prune(sut, { dryRun: true });
    const list = (await sut.app.inject({ method: 'GET', url: '/api/v1/prune-runs' })).json<PruneRunView[]>();
    expect(list[0]?.id).toBe(run.id);
    const one = await sut.app.inject({ method: 'GET', url: `/api/v1/prune-runs/${run.id}` });
    expect(one.json<PruneRunView>().decisions.length).toBe(5);
    expect((await sut.app.inject({ method: 'GET', url: '/api/v1/prune-runs/not-a-uuid' })).statusCode).toBe(
      400,
    );
    const bad = await sut.app.inject({
      method: 'POST',
      url: '/api/v1/prune',
      headers: admin,
      payload: { dryRun: 'yes' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('dryRun');
    const unknown = await sut.app.inject({
      method: 'POST',
      url: '/api/v1/prune',
      headers: admin,
      payload: { instance: 'nope' },
    });
    expect(unknown.statusCode).toBe(404);
  });

  itWithServer(
    'stops each idle pod exactly once when two API processes prune at the same moment',
    async () => {
      clock.advance(5 * 60_000);
      await collector.collect();
      const second = await startTestApp({
        databaseUrl: db.url,
        clock,
        env: runpodEnv(sim),
        podwatchYaml: yaml,
      });
      try {
        sim.control.resetRequestCounts();
        const results = await Promise.all(
          [sut, second].map((app) =>
            app.app.get(PruneService).lockedRun({ trigger: 'schedule', dryRun: false }),
          ),
        );
        expect(results.filter((r) => r.ran)).toHaveLength(1);
        const stops = sim.control.requestCounts().routes['POST /v2/pods/{id}/action'] ?? 0;
        expect(stops).toBe(3); // notebook, scratch, stuck: once each
      } finally {
        await second.close();
      }
    },
  );
});

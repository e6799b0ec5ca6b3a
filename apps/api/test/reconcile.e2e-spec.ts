/**
 * Prune as a reconciliation loop (issue 13): a stuck stop never blocks the others, a lost stop is
 * sent again, a failed stop alerts and is retried, RunPod traffic stays O(1) per tick, a pod
 * restarted while Podwatch was down is warned before it is stopped, unchanged decisions are
 * audited once. Simulator over HTTP, fake clock, real Postgres.
 */
import 'reflect-metadata';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { InstanceSnapshot, PruneRunView } from '@podwatch/shared';
import type { RunningSimulator, SimulatorOptions } from '@podwatch/runpod-simulator';
import { CollectorScheduler } from '../src/collector/collector.scheduler.js';
import { CollectorService } from '../src/collector/collector.service.js';
import { FakeClock } from '../src/common/clock.js';
import { PrismaService } from '../src/prisma/prisma.service.js';
import { PruneService } from '../src/prune/prune.service.js';
import { runpodEnv, startTestSimulator, TEST_RUNPOD_KEY } from './support/simulator.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from './support/test-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const INTERVAL_MS = 5_000;
const ACTION_ROUTE = 'POST /v2/pods/{id}/action';

jest.setTimeout(120_000);

describe('prune reconciliation', () => {
  const clock = new FakeClock('2026-11-22T12:00:00Z');
  let db: TestDatabase | undefined;
  let sim: RunningSimulator | undefined;
  let sut: TestApp | undefined;

  afterEach(async () => {
    await sut?.close();
    await sim?.close();
    await db?.drop();
    sut = sim = db = undefined;
  });

  async function start(pods: SimulatorOptions['pods'], yaml: string) {
    clock.set('2026-11-22T12:00:00Z');
    db = await createTestDatabase();
    sim = await startTestSimulator({ clock, pods });
    sut = await startTestApp({
      databaseUrl: db.url,
      embedded: db.embedded,
      clock,
      env: { ...runpodEnv(sim), STATS_INTERVAL: '5s', PRUNE_INTERVAL: '5s' },
      podwatchYaml: yaml,
    });
    return {
      sim,
      sut,
      collector: sut.app.get(CollectorService),
      prune: sut.app.get(PruneService),
      prisma: sut.app.get(PrismaService),
    };
  }

  const activity = async (app: TestApp, name: string) => {
    const response = await app.app.inject({
      method: 'POST',
      url: `/api/v1/instances/${name}/activity`,
      headers: admin,
      payload: {},
    });
    expect(response.statusCode).toBe(200);
  };
  const snapshot = async (app: TestApp, name: string) =>
    (await app.app.inject({ method: 'GET', url: `/api/v1/instances/${name}` })).json<InstanceSnapshot>();
  const actionsFor = (s: RunningSimulator) => s.control.requestCounts().routes[ACTION_ROUTE] ?? 0;

  it('stops and flushes two idle pods on time while a third is stuck; re-sends to the stuck one and settles it once it unsticks', async () => {
    const ids = { 'a-stuck': 'astuckpod00001', 'b-idle': 'bidlepod000001', 'c-idle': 'cidlepod000001' };
    const { sim, sut, collector, prune, prisma } = await start(
      Object.entries(ids).map(([name, id]) => ({ id, name, profile: 'idle' as const, uptimeSeconds: 3600 })),
      `
defaults: { warnBefore: 0s }
prune: { confirmTimeout: 15s, resendAfter: 5s, resendMaxInterval: 5s }
instances:
${Object.entries(ids)
  .map(([name, id]) => `  ${name}: { podId: ${id}, inactivity: 20s }`)
  .join('\n')}
`,
    );
    sim.control.setStuck(ids['a-stuck'], true);
    for (const name of Object.keys(ids)) await activity(sut, name);
    const killAt = clock.now().getTime() + 20_000;
    await collector.collect();

    const tick = async () => {
      clock.advance(INTERVAL_MS);
      await collector.collect();
      return prune.run({ trigger: 'schedule', dryRun: false });
    };
    const flushedAt = async (podId: string) =>
      (await prisma.podSnapshot.findFirst({ where: { podId } }))?.flushedAt?.getTime() ?? null;

    for (let t = 0; t < 8; t += 1) await tick(); // up to killAt + 20 s
    for (const name of ['b-idle', 'c-idle'] as const) {
      const at = await flushedAt(ids[name]);
      expect(at).not.toBeNull();
      expect(at! - killAt).toBeLessThanOrEqual(INTERVAL_MS);
      expect(sim.control.listPods().find((p) => p.id === ids[name])?.status).toBe('EXITED');
    }
    expect(await flushedAt(ids['a-stuck'])).toBeNull();
    const alert = await prisma.alert.findFirst({ where: { rule: 'prune-confirmation', subject: 'a-stuck' } });
    expect(alert).toMatchObject({ severity: 'critical', resolvedAt: null });
    const resent = await prisma.auditEvent.count({
      where: { podId: ids['a-stuck'], kind: 'runpod_call', reason: { contains: 're-sent' } },
    });
    expect(resent).toBeGreaterThan(0);

    sim.control.setStuck(ids['a-stuck'], false);
    const unstuckAt = clock.now().getTime();
    await tick();
    await tick();
    const settled = await flushedAt(ids['a-stuck']);
    expect(settled).not.toBeNull();
    expect(settled! - unstuckAt).toBeLessThanOrEqual(2 * INTERVAL_MS);
    expect(
      (await prisma.alert.findFirst({ where: { rule: 'prune-confirmation', subject: 'a-stuck' } }))
        ?.resolvedAt,
    ).not.toBeNull();
  });

  it('alerts when a stop fails after retries, sends it again on the next tick, and resolves once confirmed', async () => {
    const podId = 'failpod0000001';
    const { sim, sut, collector, prune, prisma } = await start(
      [{ id: podId, name: 'flaky', profile: 'idle', uptimeSeconds: 3600 }],
      `
defaults: { warnBefore: 0s }
instances:
  flaky: { podId: ${podId}, inactivity: 20s }
`,
    );
    await activity(sut, 'flaky');
    clock.advance(25_000);
    await collector.collect();
    sim.control.addFault({ route: ACTION_ROUTE, kind: 'status', status: 500, times: 3 });
    const failed = await prune.run({ trigger: 'schedule', dryRun: false });
    expect(failed.decisions[0]).toMatchObject({ result: 'failed' });
    expect(actionsFor(sim)).toBe(3);
    const alert = await prisma.alert.findFirst({ where: { rule: 'prune-action-failed', subject: 'flaky' } });
    expect(alert?.message).toMatch(new RegExp(`${podId}.*500`));

    clock.advance(INTERVAL_MS);
    const sent = await prune.run({ trigger: 'schedule', dryRun: false });
    expect(sent.decisions[0]).toMatchObject({ code: 'resume', result: 'sent' });
    expect(actionsFor(sim)).toBe(4);
    clock.advance(INTERVAL_MS);
    await collector.collect();
    const confirmed = await prune.run({ trigger: 'schedule', dryRun: false });
    expect(confirmed.decisions[0]).toMatchObject({ result: 'flushed' });
    expect(
      (await prisma.alert.findFirst({ where: { rule: 'prune-action-failed', subject: 'flaky' } }))
        ?.resolvedAt,
    ).not.toBeNull();
  });

  it('confirms 180 of 200 pods due in one tick within two ticks, 20 stuck, with one action per pod and O(1) other calls', async () => {
    const pods = Array.from({ length: 200 }, (_, i) => ({
      id: `fleetpod${String(i).padStart(6, '0')}`,
      name: `fleet-${i}`,
      profile: 'idle' as const,
      uptimeSeconds: 3600,
    }));
    const { sim, collector, prune, prisma } = await start(
      pods,
      `
defaults: { warnBefore: 0s, inactivity: 20s }
prune: { resendAfter: 60s }
instances:
${pods.map((p) => `  ${p.name}: { podId: ${p.id} }`).join('\n')}
`,
    );
    const stuck = pods.slice(0, 20).map((p) => p.id);
    for (const id of stuck) sim.control.setStuck(id, true);
    // Never busy since Podwatch began watching: every countdown reaches zero 20 s from now.
    clock.advance(21_000);
    await collector.collect();
    const perTick: number[] = [];
    for (let t = 0; t < 2; t += 1) {
      sim.control.resetRequestCounts();
      const run = await prune.run({ trigger: 'schedule', dryRun: false });
      const counts = sim.control.requestCounts();
      perTick.push(counts.total - (counts.routes[ACTION_ROUTE] ?? 0));
      if (t === 0) {
        expect(counts.routes[ACTION_ROUTE]).toBe(200);
        expect(run.decisions.filter((d) => d.result === 'sent')).toHaveLength(200);
      } else {
        expect(counts.routes[ACTION_ROUTE] ?? 0).toBe(0);
      }
      clock.advance(INTERVAL_MS);
    }
    for (const others of perTick) expect(others).toBeLessThanOrEqual(3);
    const flushed = await prisma.podSnapshot.count({ where: { flushedAt: { not: null } } });
    expect(flushed).toBe(180);
    const open = await prisma.stopIntent.findMany({ where: { closedAt: null } });
    expect(open.map((i) => i.podId).sort()).toEqual([...stuck].sort());
  }, 180_000);

  it('does not stop a pod restarted while Podwatch was down before its warning has been up for warnBefore', async () => {
    const podId = 'restartpod0001';
    const { sim, sut, collector, prune } = await start(
      [{ id: podId, name: 'notebook', profile: 'idle', uptimeSeconds: 3600 }],
      `
defaults: { warnBefore: 60s }
instances:
  notebook: { podId: ${podId}, inactivity: 2m }
`,
    );
    await activity(sut, 'notebook');
    await collector.collect();
    // Podwatch is down for an hour; meanwhile someone stops and starts the pod again.
    const action = (name: string) =>
      fetch(`${sim.restUrl}/pods/${podId}/action`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_RUNPOD_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ action: name }),
      });
    clock.advance(10 * 60_000);
    expect((await action('stop')).ok).toBe(true);
    clock.advance(60_000);
    expect((await action('start')).ok).toBe(true);
    clock.advance(50 * 60_000);
    const pod = await fetch(`${sim.restUrl}/pods/${podId}`, {
      headers: { authorization: `Bearer ${TEST_RUNPOD_KEY}` },
    });
    const { startedAt } = (await pod.json()) as { startedAt: string };

    await collector.collect();
    const first = await prune.run({ trigger: 'schedule', dryRun: false });
    expect(first.decisions[0]).toMatchObject({ action: 'none', code: 'counting' });
    expect(first.summary.warnings).toBe(1);
    const view = await snapshot(sut, 'notebook');
    expect(view.lastRunAt).toBe(new Date(startedAt).toISOString());
    expect(view.lastActivity?.signal).toBe('pod-start');
    expect(view.timeUntilKill).toBe(60);

    clock.advance(30_000);
    await collector.collect();
    expect((await prune.run({ trigger: 'schedule', dryRun: false })).decisions[0]).toMatchObject({
      code: 'counting',
    });
    expect(actionsFor(sim)).toBe(2); // the stop and start someone sent while Podwatch was down
    clock.advance(30_000);
    await collector.collect();
    const due = await prune.run({ trigger: 'schedule', dryRun: false });
    expect(due.decisions[0]).toMatchObject({ code: 'due', result: 'sent' });
  });

  it('audits an idle protected instance once per change, not on every tick', async () => {
    const podId = 'keeperpod00001';
    const { sut, collector, prune, prisma } = await start(
      [{ id: podId, name: 'keeper', profile: 'idle', uptimeSeconds: 3600 }],
      `
instances:
  keeper: { podId: ${podId}, inactivity: 20s, protect: true }
`,
    );
    await activity(sut, 'keeper');
    for (let t = 0; t < 6; t += 1) {
      clock.advance(INTERVAL_MS * 2);
      await collector.collect();
      await prune.run({ trigger: 'schedule', dryRun: false });
    }
    const audits = await prisma.auditEvent.count({ where: { kind: 'decision', podId } });
    expect(audits).toBe(1);
    const runs: PruneRunView[] = (
      await sut.app.inject({ method: 'GET', url: '/api/v1/prune-runs?limit=10' })
    ).json();
    expect(runs.length).toBeGreaterThan(0);
  });

  it('extends a never-busy serverless instance from the kill moment it shows', async () => {
    db = await createTestDatabase();
    clock.set('2026-11-22T12:00:00Z');
    sim = await startTestSimulator({
      clock,
      endpoints: [{ id: 'embedendpoint1', name: 'embeddings', workers: { min: 0, max: 2, idleTimeout: 5 } }],
    });
    sut = await startTestApp({
      databaseUrl: db.url,
      embedded: db.embedded,
      clock,
      env: runpodEnv(sim),
      podwatchYaml:
        'instances:\n  embeddings: { type: serverless, endpointId: embedendpoint1, inactivity: 2h }\n',
    });
    await sut.app.get(CollectorService).collect();
    clock.advance(10 * 60_000);
    const shown = await snapshot(sut, 'embeddings');
    expect(shown.killAt).toBe('2026-11-22T14:00:00.000Z');
    const response = await sut.app.inject({
      method: 'POST',
      url: '/api/v1/instances/embeddings/extend',
      headers: admin,
      payload: { duration: '30m' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json<InstanceSnapshot>().killAt).toBe('2026-11-22T14:30:00.000Z');
  });

  it('trims audit events, prune runs and collection cycles past their retention in the scheduled maintenance', async () => {
    const { sut, collector, prune, prisma } = await start([], 'retention: { audit: 30d }\ninstances: {}\n');
    await collector.collect();
    await prune.run({ trigger: 'api', dryRun: false });
    await prisma.auditEvent.create({
      data: { occurredAt: clock.now(), kind: 'action', outcome: 'ok', reason: 'kept as history' },
    });
    clock.advance(31 * 86_400_000);
    await collector.collect();
    await prisma.auditEvent.create({
      data: { occurredAt: clock.now(), kind: 'action', outcome: 'ok', reason: 'recent' },
    });
    await sut.app.get(CollectorScheduler).maintain();
    expect((await prisma.auditEvent.findMany()).map((e) => e.reason)).toEqual(['recent']);
    expect(await prisma.pruneRun.count()).toBe(0);
    expect(await prisma.collectionCycle.count()).toBe(1);
  });

  it('refuses a prune whose dryRun is not a boolean, naming the field', async () => {
    const { sut } = await start([], 'instances: {}\n');
    for (const dryRun of [null, 'yes', 1]) {
      const response = await sut.app.inject({
        method: 'POST',
        url: '/api/v1/prune',
        headers: admin,
        payload: { dryRun },
      });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('dryRun');
    }
  });
});

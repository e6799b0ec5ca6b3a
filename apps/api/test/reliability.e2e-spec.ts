/**
 * Working through faults: RunPod failing in every way during collection and prune, Postgres
 * going away, several replicas pruning together, and a replica dying in the middle of a prune.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { InstanceSnapshot } from '@podwatch/shared';
import type { FaultInput, RunningSimulator } from '@podwatch/runpod-simulator';
import { CollectorScheduler } from '../src/collector/collector.scheduler.js';
import { CollectorService } from '../src/collector/collector.service.js';
import { FakeClock } from '../src/common/clock.js';
import { repoRoot } from '../src/paths.js';
import { PrismaService } from '../src/prisma/prisma.service.js';
import { PruneScheduler } from '../src/prune/prune.scheduler.js';
import { PruneService } from '../src/prune/prune.service.js';
import { runpodEnv, startTestSimulator, TEST_RUNPOD_KEY } from './support/simulator.js';
import { startTcpProxy } from './support/tcp-proxy.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from './support/test-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';
import { itWithServer } from './support/with-server.js';

/** Fast failure: one retry, a one-second timeout, so each faulty cycle ends quickly. */
const FAST_RUNPOD = { RUNPOD_TIMEOUT: '1s', RUNPOD_MAX_RETRIES: '1' };

const actionCount = (sim: RunningSimulator) =>
  sim.control.requestCounts().routes['POST /v2/pods/{id}/action'] ?? 0;

describe('RunPod faults during collection and prune', () => {
  const clock = new FakeClock('2026-11-22T12:00:00Z');
  let db: TestDatabase;
  let sim: RunningSimulator;
  let sut: TestApp;
  let collector: CollectorService;

  beforeAll(async () => {
    db = await createTestDatabase();
    sim = await startTestSimulator({
      clock,
      pods: [{ id: 'faultypod00001', name: 'faulty', profile: 'idle' }],
    });
    sut = await startTestApp({
      databaseUrl: db.url,
      embedded: db.embedded,
      clock,
      env: { ...runpodEnv(sim), ...FAST_RUNPOD },
      podwatchYaml: 'instances:\n  faulty:\n    podId: faultypod00001\n    inactivity: 1m\n',
    });
    collector = sut.app.get(CollectorService);
    await collector.collect();
    // Past the window: any prune on fresh data would stop it.
    clock.advance(5 * 60_000);
  });

  afterAll(async () => {
    await sut?.close();
    await sim?.close();
    await db?.drop();
  });

  const faults: [string, FaultInput][] = [
    ['429 with Retry-After', { route: 'GET /v2/pods', kind: 'rate-limit', retryAfterSeconds: 1 }],
    ['500', { route: 'GET /v2/pods', kind: 'status', status: 500 }],
    ['502', { route: 'GET /v2/pods', kind: 'status', status: 502 }],
    ['a hang', { route: 'GET /v2/pods', kind: 'hang' }],
    ['malformed JSON', { route: 'GET /v2/pods', kind: 'malformed' }],
    ['a connection reset', { route: 'GET /v2/pods', kind: 'reset' }],
  ];
  // GraphQL faults no longer fail a cycle (it only enriches it): test/runpod-enrichments.e2e-spec.ts.

  it.each(faults)(
    '%s: stale within one cycle, no prune on it, recovered one cycle after it clears',
    async (_name, fault) => {
      expect((await collector.collect()).ok).toBe(true);
      sim.control.addFault(fault);
      const failed = await collector.collect();
      expect(failed.ok).toBe(false);
      const stale = (
        await sut.app.inject({ method: 'GET', url: '/api/v1/instances/faulty' })
      ).json<InstanceSnapshot>();
      expect(stale.stale).toBe(true);
      expect(stale.staleReason).toBeTruthy();
      expect(stale.staleReason).not.toContain(TEST_RUNPOD_KEY);

      sim.control.resetRequestCounts();
      const run = await sut.app.get(PruneService).run({ trigger: 'schedule', dryRun: false });
      expect(run.decisions[0]).toMatchObject({ instance: 'faulty', action: 'none', code: 'stale' });
      expect(actionCount(sim)).toBe(0);

      sim.control.clearFaults();
      expect((await collector.collect()).ok).toBe(true);
      const fresh = (
        await sut.app.inject({ method: 'GET', url: '/api/v1/instances/faulty' })
      ).json<InstanceSnapshot>();
      expect(fresh.stale).toBe(false);
    },
  );
});

describe("RunPod faults during prune's own calls", () => {
  const clock = new FakeClock('2026-11-22T12:00:00Z');
  const faults: [string, FaultInput][] = [
    ['500 on the stop', { route: 'POST /v2/pods/{id}/action', kind: 'status', status: 500 }],
    ['429 on the stop', { route: 'POST /v2/pods/{id}/action', kind: 'rate-limit', retryAfterSeconds: 1 }],
    ['a hang on the stop', { route: 'POST /v2/pods/{id}/action', kind: 'hang' }],
    ['a reset on the stop', { route: 'POST /v2/pods/{id}/action', kind: 'reset' }],
    ['malformed JSON from the stop', { route: 'POST /v2/pods/{id}/action', kind: 'malformed' }],
    // The latest collection is older than an interval: the last look lists the pods itself.
    ['500 on the read before acting', { route: 'GET /v2/pods', kind: 'status', status: 500 }],
  ];
  const podId = (i: number) => `brittlepod${String(i).padStart(4, '0')}`;
  let db: TestDatabase;
  let sim: RunningSimulator;
  let sut: TestApp;
  let collector: CollectorService;
  let prisma: PrismaService;

  beforeAll(async () => {
    db = await createTestDatabase();
    sim = await startTestSimulator({
      clock,
      pods: faults.map((_, i) => ({ id: podId(i), name: `brittle-${i}`, profile: 'idle' as const })),
    });
    sut = await startTestApp({
      databaseUrl: db.url,
      embedded: db.embedded,
      clock,
      env: { ...runpodEnv(sim), ...FAST_RUNPOD },
      podwatchYaml:
        'defaults:\n  warnBefore: 0s\nprune:\n  confirmTimeout: 5s\ninstances:\n' +
        faults.map((_, i) => `  brittle-${i}:\n    podId: ${podId(i)}\n    inactivity: 1m\n`).join(''),
    });
    collector = sut.app.get(CollectorService);
    prisma = sut.app.get(PrismaService);
    await collector.collect();
    clock.advance(5 * 60_000);
  });

  afterAll(async () => {
    await sut?.close();
    await sim?.close();
    await db?.drop();
  });

  const status = (i: number) => sim.control.listPods().find((pod) => pod.id === podId(i))?.status;
  const flushes = (runId: string) => prisma.auditEvent.count({ where: { pruneRunId: runId, kind: 'flush' } });

  it.each(faults.map(([name, fault], i) => [name, fault, i] as const))(
    '%s: the step fails without a crash or a flush, and the next run stops the pod once',
    async (_name, fault, i) => {
      const prune = sut.app.get(PruneService);
      const instance = `brittle-${i}`;
      expect((await collector.collect()).ok).toBe(true);
      if (fault.route === 'GET /v2/pods') clock.advance(90_000);
      sim.control.addFault(fault);
      const failed = await prune.run({ trigger: 'schedule', dryRun: false, instance });
      expect(failed.decisions[0]).toMatchObject({ instance, action: 'stop', result: 'failed' });
      expect(failed.decisions[0]!.reason).not.toContain(TEST_RUNPOD_KEY);
      expect(failed.status).toBe('failed');
      expect(await flushes(failed.id)).toBe(0);

      sim.control.clearFaults();
      sim.control.resetRequestCounts();
      const sent = await prune.run({ trigger: 'schedule', dryRun: false, instance });
      expect(sent.decisions[0]).toMatchObject({ instance, result: 'sent' });
      clock.advance(10_000);
      const retried = await prune.run({ trigger: 'schedule', dryRun: false, instance });
      expect(retried.decisions[0]).toMatchObject({ instance, result: 'flushed' });
      expect(await flushes(retried.id)).toBe(1);
      expect(status(i)).toBe('EXITED');
      expect(actionCount(sim)).toBeLessThanOrEqual(1);
    },
    30_000,
  );
});

describe('Postgres unreachable during collection', () => {
  let db: TestDatabase;
  let sim: RunningSimulator;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sim = await startTestSimulator({ pods: 5 });
  });

  afterAll(async () => {
    await sut?.close();
    await sim?.close();
    await db?.drop();
  });

  itWithServer(
    'answers /health 503 while it is gone, never crashes, and collects again once it is back',
    async () => {
      const target = new URL(db.url);
      const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
      try {
        sut = await startTestApp({ databaseUrl: proxy.wrap(db.url), env: runpodEnv(sim) });
        const scheduler = sut.app.get(CollectorScheduler);
        await scheduler.collect();
        proxy.cut();
        const until = Date.now() + 10_000;
        while (Date.now() < until) {
          await scheduler.collect(); // a scheduled tick: must not throw
          expect((await sut.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(503);
          await new Promise((resolve) => setTimeout(resolve, 1_000));
        }
        proxy.restore();
        // The scheduled tick itself (lock included) collects again once the database is back.
        const prisma = sut.app.get(PrismaService);
        const succeeded = () => prisma.collectionCycle.count({ where: { ok: true } });
        const before = await succeeded();
        for (let attempt = 0; attempt < 5 && (await succeeded()) === before; attempt += 1) {
          await scheduler.collect();
        }
        expect(await succeeded()).toBeGreaterThan(before);
        expect((await sut.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      } finally {
        await proxy.close();
      }
    },
    60_000,
  );
});

describe('several replicas on one database', () => {
  const clock = new FakeClock('2026-11-22T12:00:00Z');
  const pods = ['replicapod0001', 'replicapod0002', 'replicapod0003', 'replicapod0004'];
  const yaml = `defaults:\n  warnBefore: 0s\ninstances:\n${pods.map((id, i) => `  idle-${i}:\n    podId: ${id}\n    inactivity: 1m\n`).join('')}`;
  let db: TestDatabase;
  let sim: RunningSimulator;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    sim = await startTestSimulator({
      clock,
      pods: pods.map((id) => ({ id, name: id, profile: 'idle' as const })),
    });
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await sim?.close();
    await db?.drop();
  });

  itWithServer('stop each idle pod exactly once over five prune ticks of three replicas', async () => {
    for (let i = 0; i < 3; i += 1) {
      apps.push(await startTestApp({ databaseUrl: db.url, clock, env: runpodEnv(sim), podwatchYaml: yaml }));
    }
    await apps[0]!.app.get(CollectorService).collect();
    clock.advance(5 * 60_000);
    await apps[0]!.app.get(CollectorService).collect();
    sim.control.resetRequestCounts();
    for (let tick = 0; tick < 5; tick += 1) {
      await Promise.all(apps.map((app) => app.app.get(PruneScheduler).tick()));
      clock.advance(10_000);
    }
    expect(actionCount(sim)).toBe(pods.length);
    expect(sim.control.listPods().every((pod) => pod.status === 'EXITED')).toBe(true);
    const prisma = apps[0]!.app.get(PrismaService);
    expect(await prisma.auditEvent.count({ where: { kind: 'runpod_call' } })).toBe(pods.length);
    expect(await prisma.auditEvent.count({ where: { kind: 'flush' } })).toBe(pods.length);
  });
});

describe('a replica dying in the middle of a prune run', () => {
  const clock = new FakeClock('2026-11-22T12:00:00Z');
  let db: TestDatabase;
  let sim: RunningSimulator;
  let stateDir: string;
  let survivor: TestApp | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    // A stop takes 30 s (simulator clock) to take effect, so the dying replica is caught confirming.
    sim = await startTestSimulator({
      clock,
      pods: [{ id: 'crashpod000001', name: 'crash', profile: 'idle' }],
      transitions: { stoppingSeconds: 30 },
    });
    stateDir = await mkdtemp(join(tmpdir(), 'podwatch-crash-'));
  });

  afterAll(async () => {
    await survivor?.close();
    await sim?.close();
    await db?.drop();
    await rm(stateDir, { recursive: true, force: true });
  });

  itWithServer(
    'leaves the next run to confirm and flush the stop, without sending it twice',
    async () => {
      const config = join(stateDir, 'podwatch.yaml');
      const yaml =
        'defaults:\n  warnBefore: 0s\nprune:\n  confirmTimeout: 2m\ninstances:\n  crash:\n    podId: crashpod000001\n    inactivity: 1s\n';
      await writeFile(config, yaml);
      const port = 20_000 + Math.floor(Math.random() * 20_000);
      const child = spawn(process.execPath, [join(repoRoot, 'apps', 'api', 'dist', 'main.js')], {
        env: {
          PATH: process.env.PATH,
          ...runpodEnv(sim),
          DATABASE_URL: db.url,
          PODWATCH_CONFIG: config,
          PODWATCH_STATE_DIR: stateDir,
          PODWATCH_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
          PRUNE_INTERVAL: '1h',
          PORT: String(port),
          LOG_LEVEL: 'warn',
        },
        stdio: 'ignore',
      });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      try {
        const base = `http://127.0.0.1:${port}`;
        for (let i = 0; i < 100; i += 1) {
          const ok = await fetch(`${base}/api/v1/instances/crash`)
            .then((r) => (r.ok ? r.json() : null))
            .then((body) => (body as InstanceSnapshot | null)?.collectedAt != null)
            .catch(() => false);
          if (ok) break;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        await new Promise((resolve) => setTimeout(resolve, 1_200)); // past the one-second window
        void fetch(`${base}/api/v1/prune`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: '{}',
        }).catch(() => undefined);
        const prisma = new PrismaService({ url: db.url, embedded: false });
        try {
          for (
            let i = 0;
            i < 100 && (await prisma.auditEvent.count({ where: { kind: 'runpod_call' } })) === 0;
            i += 1
          ) {
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
          expect(await prisma.auditEvent.count({ where: { kind: 'runpod_call' } })).toBe(1);
        } finally {
          await prisma.$disconnect();
        }
        child.kill('SIGKILL');
        await exited;
        expect(actionCount(sim)).toBe(1);

        clock.set(new Date());
        clock.advance(31_000);
        survivor = await startTestApp({
          databaseUrl: db.url,
          clock,
          env: runpodEnv(sim),
          podwatchYaml: yaml,
        });
        const run = await survivor.app.get(PruneService).run({ trigger: 'schedule', dryRun: false });
        expect(run.decisions[0]).toMatchObject({ instance: 'crash', code: 'resume', result: 'flushed' });
        expect(actionCount(sim)).toBe(1);
        const runs = await survivor.app
          .get(PrismaService)
          .pruneRun.findMany({ orderBy: { startedAt: 'asc' } });
        // A tick no longer waits for the stop to take effect: the killed replica's run may have
        // finished (sent) or been cut short; either way the survivor's run confirms it.
        expect(['interrupted', 'succeeded']).toContain(runs[0]?.status);
        expect(runs.map((r) => r.status).slice(1)).toEqual(['succeeded']);
      } finally {
        child.kill('SIGKILL');
      }
    },
    60_000,
  );
});

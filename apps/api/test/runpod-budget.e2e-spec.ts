/**
 * The RunPod request budget shared by replicas through Postgres: every replica's REST requests
 * count in one row per minute, fed by RunPod's RateLimit headers; collection always goes, while
 * billing back-fill and single-pod reads wait for budget instead of causing 429s.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { DEFAULT_RATE_LIMIT, type RunningSimulator } from '@podwatch/runpod-simulator';
import type { DashboardResponse } from '@podwatch/shared';
import { CollectorService } from '../src/collector/collector.service.js';
import { FakeClock } from '../src/common/clock.js';
import { BillingService } from '../src/costs/billing.service.js';
import { PrismaService } from '../src/prisma/prisma.service.js';
import { RunpodBudget, RunpodBudgetSpentError } from '../src/runpod/runpod-budget.js';
import { RunpodGateway } from '../src/runpod/runpod.gateway.js';
import { runpodEnv, startTestSimulator } from './support/simulator.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import {
  createTestDatabase,
  serverAdminUrl,
  serverReachable,
  type TestDatabase,
} from './support/test-database.js';
import { itWithServer } from './support/with-server.js';

describe('RunPod request budget', () => {
  const clock = new FakeClock('2026-11-22T08:00:10Z');
  let db: TestDatabase;
  let sim: RunningSimulator;
  const replicas: TestApp[] = [];
  let prisma: PrismaService;

  beforeAll(async () => {
    // Two replicas need a server: the embedded database is one process's and serves one connection.
    if (!(await serverReachable(serverAdminUrl()))) return;
    db = await createTestDatabase();
    sim = await startTestSimulator({ clock, rateLimit: DEFAULT_RATE_LIMIT, pods: 4 });
    const env = { ...runpodEnv(sim), STATS_INTERVAL: '60s' };
    for (let i = 0; i < 2; i += 1)
      replicas.push(await startTestApp({ databaseUrl: db.url, embedded: db.embedded, clock, env }));
    prisma = replicas[0]!.app.get(PrismaService);
  });

  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    await sim?.close();
    await db?.drop();
  });

  /** The counting is off the request path: waits until `used` reaches `atLeast`. */
  const windowRow = async (atLeast: number) => {
    const windowStart = new Date(Math.floor(clock.now().getTime() / 60_000) * 60_000);
    for (let tries = 0; tries < 50; tries += 1) {
      const row = await prisma.runpodBudget.findUnique({ where: { windowStart } });
      if (row && row.used >= atLeast) return row;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the budget row never counted ${atLeast} requests`);
  };

  itWithServer(
    'counts the REST requests of every replica in one row and shows what is left in the dashboard and /metrics',
    async () => {
      for (const replica of replicas)
        expect((await replica.app.get(CollectorService).collect()).ok).toBe(true);
      // Each collection: the pod list and the endpoint list (GraphQL is outside RunPod's REST quota).
      const row = await windowRow(4);
      expect(row.used).toBe(4);
      expect(row.quota).toBe(DEFAULT_RATE_LIMIT.perMinute);
      expect(row.remaining).toBe(DEFAULT_RATE_LIMIT.perMinute - 4);

      const dashboard = (
        await replicas[1]!.app.inject({ method: 'GET', url: '/api/v1/dashboard' })
      ).json<DashboardResponse>();
      expect(dashboard.collector.runpodBudget).toMatchObject({
        quota: 60,
        used: 4,
        remaining: 56,
        resetsAt: '2026-11-22T08:01:00.000Z',
      });
      const metrics = (await replicas[0]!.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toMatch(/^podwatch_runpod_budget_remaining 56$/m);
    },
  );

  itWithServer(
    'defers billing back-fill and single-pod reads while collection needs the rest of the minute, and lets collection go',
    async () => {
      const budget = replicas[0]!.app.get(RunpodBudget);
      const before = await budget.status();
      // Other replicas spent all but collection's share of this minute.
      await prisma.runpodBudget.update({
        where: { windowStart: new Date(Math.floor(clock.now().getTime() / 60_000) * 60_000) },
        data: { used: before.quota - before.reserved },
      });
      const billingCalls = () => sim.control.requestCounts().routes['GET /v2/billing/pods'] ?? 0;
      const billedBefore = billingCalls();

      const refresh = await replicas[1]!.app.get(BillingService).refresh();
      expect(refresh.ok).toBe(false);
      expect(refresh.error).toMatch(/Billing back-fill deferred/);
      expect(billingCalls()).toBe(billedBefore);
      const podId = sim.control.listPods()[0]!.id;
      await expect(replicas[0]!.app.get(RunpodGateway).getPod(podId)).rejects.toThrow(RunpodBudgetSpentError);

      expect((await replicas[0]!.app.get(CollectorService).collect()).ok).toBe(true);

      clock.advance(60_000);
      expect((await replicas[1]!.app.get(BillingService).refresh()).ok).toBe(true);
      expect(billingCalls()).toBe(billedBefore + 1);
      expect(await replicas[0]!.app.get(RunpodGateway).getPod(podId)).toMatchObject({ id: podId });
    },
  );
});

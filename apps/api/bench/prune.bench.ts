/**
 * Prune at fleet size: 1,000 idle pods fall due in the same tick (simulator with 50 ms latency per
 * request). The first tick sends every stop (one action call per pod, sent concurrently); the
 * next confirms them all from one pod list. RunPod requests and wall time per tick.
 */
import { startSimulator } from '@podwatch/runpod-simulator';
import { CollectorService } from '../src/collector/collector.service.js';
import { FakeClock } from '../src/common/clock.js';
import { PruneService } from '../src/prune/prune.service.js';
import { createTestDatabase, report, startApi, timed } from './support.js';

const KEY = 'bench-runpod-key-0123456789';
const LATENCY_MS = 50;
const PODS = 1_000;
const ACTION = 'POST /v2/pods/{id}/action';

const clock = new FakeClock('2026-11-22T12:00:00Z');
const pods = Array.from({ length: PODS }, (_, i) => ({
  id: `benchpod${String(i).padStart(6, '0')}`,
  name: `idle-${i}`,
  profile: 'idle' as const,
  uptimeSeconds: 3600,
}));
const sim = await startSimulator({ pods, clock, latencyMs: LATENCY_MS, rateLimit: false, apiKey: KEY });
const db = await createTestDatabase();
const api = await startApi({
  databaseUrl: db.url,
  clock,
  env: {
    RUNPOD_API_KEY: KEY,
    RUNPOD_REST_URL: sim.restUrl,
    RUNPOD_GRAPHQL_URL: sim.graphqlUrl,
    RUNPOD_SERVERLESS_URL: sim.serverlessUrl,
  },
  podwatchYaml: `defaults: { inactivity: 20s, warnBefore: 0s }\ninstances:\n${pods
    .map((p) => `  ${p.name}: { podId: ${p.id} }`)
    .join('\n')}\n`,
});
const collector = api.app.get(CollectorService);
const prune = api.app.get(PruneService);
clock.advance(21_000);
await collector.collect();

const ticks: { tick: number; ms: number; actions: number; otherRequests: number; flushed: number }[] = [];
for (let tick = 1; tick <= 2; tick += 1) {
  sim.control.resetRequestCounts();
  const { ms, value } = await timed(() => prune.run({ trigger: 'schedule', dryRun: false }));
  const counts = sim.control.requestCounts();
  const actions = counts.routes[ACTION] ?? 0;
  ticks.push({
    tick,
    ms: Math.round(ms),
    actions,
    otherRequests: counts.total - actions,
    flushed: value.summary.flushed,
  });
  clock.advance(10_000);
}
await api.close();
await db.drop();
await sim.close();
report('prune', { pods: PODS, latencyMs: LATENCY_MS, ticks });

/**
 * RunPod requests a minute at 1,000 pods with one and with three API replicas on one database
 * (the built API as child processes, the simulator with RunPod's 60/min quota on): collection
 * and prune run once per interval across replicas, so three replicas spend what one does.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RATE_LIMIT, startSimulator } from '@podwatch/runpod-simulator';
import pg from 'pg';
import { runpodResponsesWithStatus, startHealthy, stopApi } from '../test/support/api-process.js';
import { createTestDatabase, report } from './support.js';

const KEY = 'bench-runpod-key-0123456789';
const PODS = 1_000;
const INTERVAL_SECONDS = 10;
const MEASURE_MS = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const replicas of [1, 3]) {
  const sim = await startSimulator({ pods: PODS, rateLimit: DEFAULT_RATE_LIMIT, apiKey: KEY });
  const db = await createTestDatabase({ migrate: false });
  const dir = await mkdtemp(join(tmpdir(), 'podwatch-bench-replicas-'));
  const pods = sim.control.listPods().slice(0, 20);
  const yaml = [
    'instances:',
    ...pods.flatMap((pod, i) => [`  i${i}:`, `    podId: ${pod.id}`, '    inactivity: 2h']),
  ];
  await writeFile(join(dir, 'podwatch.yaml'), `${yaml.join('\n')}\n`);
  const env = {
    RUNPOD_API_KEY: KEY,
    RUNPOD_REST_URL: sim.restUrl,
    RUNPOD_GRAPHQL_URL: sim.graphqlUrl,
    RUNPOD_SERVERLESS_URL: sim.serverlessUrl,
    DATABASE_URL: db.url,
    PODWATCH_CONFIG: join(dir, 'podwatch.yaml'),
    PODWATCH_STATE_DIR: dir,
    PODWATCH_ADMIN_TOKEN: 'bench-admin-token-0123456789',
    STATS_INTERVAL: `${INTERVAL_SECONDS}s`,
    PRUNE_INTERVAL: `${INTERVAL_SECONDS}s`,
    LOG_LEVEL: 'warn',
  };
  const running = await Promise.all(Array.from({ length: replicas }, () => startHealthy(env)));
  // Past start-up (the first collection and billing refresh), from the middle of an interval.
  const intervalMs = INTERVAL_SECONDS * 1000;
  await sleep(intervalMs - (Date.now() % intervalMs) + intervalMs / 2);
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  const cycles = async () =>
    Number((await sql.query<{ n: string }>('select count(*) as n from "CollectionCycle"')).rows[0]?.n);
  const rest = () =>
    Object.entries(sim.control.requestCounts().routes)
      .filter(([route]) => route.includes('/v2/'))
      .reduce((sum, [, n]) => sum + n, 0);
  const before = { cycles: await cycles(), total: sim.control.requestCounts().total, rest: rest() };
  await sleep(MEASURE_MS);
  const after = { cycles: await cycles(), total: sim.control.requestCounts().total, rest: rest() };
  let status429 = 0;
  for (const { port } of running) status429 += await runpodResponsesWithStatus(port, 429);
  await Promise.all(running.map(({ running: child }) => stopApi(child)));
  await sql.end();
  await db.drop();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
  const perMinute = (n: number) => Math.round((n * 60_000) / MEASURE_MS);
  report('replicas', {
    replicas,
    pods: PODS,
    intervalSeconds: INTERVAL_SECONDS,
    collectionCycles: after.cycles - before.cycles,
    requestsPerMinute: perMinute(after.total - before.total),
    restPerMinute: perMinute(after.rest - before.rest),
    status429,
  });
}

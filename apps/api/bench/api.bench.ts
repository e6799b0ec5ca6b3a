/**
 * GET /api/v1/dashboard with 100 instances and 1,000 pods under autocannon: throughput and
 * latency, plain and with ETag revalidation (If-None-Match → 304).
 */
import autocannon from 'autocannon';
import { startSimulator } from '@podwatch/runpod-simulator';
import { CollectorService } from '../src/collector/collector.service.js';
import { createTestDatabase, report, startApi } from './support.js';

const KEY = 'bench-runpod-key-0123456789';
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);

const sim = await startSimulator({ pods: 1_000, rateLimit: false, apiKey: KEY });
const ids = sim.control.listPods().map((pod) => pod.id);
const yaml = `instances:\n${ids
  .slice(0, 100)
  .map((id, i) => `  bench-${i}:\n    podId: ${id}\n    inactivity: 30m\n`)
  .join('')}`;
const db = await createTestDatabase();
const api = await startApi({
  databaseUrl: db.url,
  listen: true,
  podwatchYaml: yaml,
  env: {
    RUNPOD_API_KEY: KEY,
    RUNPOD_REST_URL: sim.restUrl,
    RUNPOD_GRAPHQL_URL: sim.graphqlUrl,
    RUNPOD_SERVERLESS_URL: sim.serverlessUrl,
  },
});
await api.app.get(CollectorService).collect();
const url = `${api.url}/api/v1/dashboard`;
const first = await fetch(url);
const etag = first.headers.get('etag') ?? '';
const bytes = (await first.arrayBuffer()).byteLength;

async function load(headers: Record<string, string>) {
  // Warm-up, then the measured run.
  await autocannon({ url, connections: 10, duration: 2, headers });
  const result = await autocannon({ url, connections: 10, duration: DURATION_S, headers });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

const plain = await load({});
const gzip = await load({ 'accept-encoding': 'gzip' });
const revalidated = await load({ 'if-none-match': etag });
await api.close();
await db.drop();
await sim.close();
report('api', {
  instances: 100,
  pods: 1_000,
  responseBytes: bytes,
  connections: 10,
  durationSeconds: DURATION_S,
  plain,
  gzip,
  revalidated,
});

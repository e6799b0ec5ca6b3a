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

/** Throughput and latency; throws unless every answer had the expected status (a 401 or a 200 for a 304 would be fast but wrong). */
async function load(headers: Record<string, string>, expected: 200 | 304) {
  // Warm-up, then the measured run.
  await autocannon({ url, connections: 10, duration: 2, headers });
  const result = await autocannon({ url, connections: 10, duration: DURATION_S, headers });
  const answered = expected === 200 ? result['2xx'] : result['3xx'];
  const wrong = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'] - answered;
  if (answered === 0 || wrong > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `GET /api/v1/dashboard (${JSON.stringify(headers)}): ${answered} answers ${expected}, ${wrong} other statuses, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: answered,
  };
}

const plain = await load({}, 200);
const gzip = await load({ 'accept-encoding': 'gzip' }, 200);
const revalidated = await load({ 'if-none-match': etag }, 304);
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

/**
 * A collection cycle against the simulator with 50 ms latency per request at 100, 1,000 and
 * 10,000 pods: RunPod requests per cycle and wall time, Podwatch beside the naive design (one REST
 * get and one GraphQL telemetry call per pod, in turn, as the earlier PHP design did).
 */
import { RunpodClient } from '@podwatch/runpod-client';
import { startSimulator } from '@podwatch/runpod-simulator';
import { CollectorService } from '../src/collector/collector.service.js';
import { createTestDatabase, median, report, startApi, timed } from './support.js';

const KEY = 'bench-runpod-key-0123456789';
const LATENCY_MS = 50;
const FLEETS = [100, 1_000, 10_000];
/** The naive design is measured on this many pods and scaled linearly beyond it (each pod costs the same two calls). */
const NAIVE_SAMPLE = 200;

for (const pods of FLEETS) {
  const sim = await startSimulator({ pods, latencyMs: LATENCY_MS, rateLimit: false, apiKey: KEY });
  const db = await createTestDatabase();
  const api = await startApi({
    databaseUrl: db.url,
    env: {
      RUNPOD_API_KEY: KEY,
      RUNPOD_REST_URL: sim.restUrl,
      RUNPOD_GRAPHQL_URL: sim.graphqlUrl,
      RUNPOD_SERVERLESS_URL: sim.serverlessUrl,
    },
  });
  const collector = api.app.get(CollectorService);
  await collector.collect();
  const times: number[] = [];
  let requests = 0;
  for (let i = 0; i < 3; i += 1) {
    sim.control.resetRequestCounts();
    const { ms, value } = await timed(() => collector.collect());
    if (!value.ok) throw new Error(`cycle failed: ${value.error}`);
    times.push(ms);
    requests = sim.control.requestCounts().total;
  }
  await api.close();
  await db.drop();

  const client = new RunpodClient({
    apiKey: KEY,
    restUrl: sim.restUrl,
    graphqlUrl: sim.graphqlUrl,
    serverlessUrl: sim.serverlessUrl,
  });
  const ids = sim.control.listPods().map((pod) => pod.id);
  const measured = ids.slice(0, Math.min(ids.length, NAIVE_SAMPLE));
  sim.control.resetRequestCounts();
  const naive = await timed(async () => {
    for (const id of measured) {
      await client.pods.get(id);
      await client.graphql.podTelemetry(id);
    }
  });
  const naiveRequests = sim.control.requestCounts().total;
  await sim.close();

  report('collection', {
    pods,
    latencyMs: LATENCY_MS,
    podwatchRequests: requests,
    podwatchMs: Math.round(median(times)),
    naiveRequests: (naiveRequests / measured.length) * pods,
    naiveMs: Math.round((naive.ms / measured.length) * pods),
    naiveMeasuredPods: measured.length,
  });
}

/** Memory: the API's resident set with 10,000 pods after 30 collection cycles (in-process). */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CollectorService } from '../src/collector/collector.service.js';
import { createTestDatabase, median, report, startApi, timed } from './support.js';

const KEY = 'bench-runpod-key-0123456789';
const PODS = 10_000;
const CYCLES = 30;

// The simulator runs in its own process here, so that its memory is not counted as the API's.
const simulatorCli = fileURLToPath(
  new URL('../../../packages/runpod-simulator/dist/cli.js', import.meta.url),
);
const port = 21_000 + Math.floor(Math.random() * 9_000);
const child = spawn(
  process.execPath,
  [simulatorCli, '--no-demo', '--pods', String(PODS), '--no-rate-limit', '--api-key', KEY],
  {
    env: { ...process.env, SIM_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
await new Promise<void>((resolve, reject) => {
  child.stdout.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('/graphql')) resolve();
  });
  child.on('exit', (code) => reject(new Error(`simulator exited (${code})`)));
});
const origin = `http://127.0.0.1:${port}`;

const db = await createTestDatabase();
const baseline = process.memoryUsage().rss;
const api = await startApi({
  databaseUrl: db.url,
  env: {
    RUNPOD_API_KEY: KEY,
    RUNPOD_REST_URL: `${origin}/v2`,
    RUNPOD_GRAPHQL_URL: `${origin}/graphql`,
    RUNPOD_SERVERLESS_URL: `${origin}/serverless/v2`,
  },
});
const collector = api.app.get(CollectorService);
const durations: number[] = [];
for (let i = 0; i < CYCLES; i += 1) {
  const { ms, value } = await timed(() => collector.collect());
  if (!value.ok) throw new Error(`cycle ${i} failed: ${value.error}`);
  durations.push(ms);
}
(globalThis as { gc?: () => void }).gc?.();
const usage = process.memoryUsage();
await api.close();
await db.drop();
child.kill('SIGTERM');
report('memory', {
  pods: PODS,
  cycles: CYCLES,
  rssMb: Math.round(usage.rss / 1_048_576),
  heapUsedMb: Math.round(usage.heapUsed / 1_048_576),
  baselineRssMb: Math.round(baseline / 1_048_576),
  medianCycleMs: Math.round(median(durations)),
});

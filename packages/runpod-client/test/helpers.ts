import { createServer } from 'node:net';
import { startSimulator } from '@podwatch/runpod-simulator';
import { RunpodClient, type ClientOptions } from '../src/index.js';

/** A recognisable key: any test that finds it in an error has found a leak. */
export const API_KEY = 'rpa_PODWATCH_TEST_KEY_7f3a9c2e1b';

export type Simulator = Awaited<ReturnType<typeof startSimulator>>;
export type SimulatorOptions = NonNullable<Parameters<typeof startSimulator>[0]>;

/**
 * A simulator that validates every REST response against the spec. Rate limits are off unless a
 * test asks for them, so that a suite's request count never turns into real 429 waits.
 */
export function startSim(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ port: 0, contract: 'record', apiKey: API_KEY, rateLimit: false, ...options });
}

/** Records each wait the client asks for and returns at once. */
export function recordingSleep(): { delays: number[]; sleep: (ms: number) => Promise<void> } {
  const delays: number[] = [];
  return {
    delays,
    sleep: (ms: number) => {
      delays.push(ms);
      return Promise.resolve();
    },
  };
}

export function clientFor(sim: Simulator, overrides: Partial<ClientOptions> = {}): RunpodClient {
  return new RunpodClient({
    apiKey: API_KEY,
    restUrl: sim.restUrl,
    graphqlUrl: sim.graphqlUrl,
    serverlessUrl: sim.serverlessUrl,
    // Jitter off, so that the backoff a test sees is the base delay.
    random: () => 0,
    ...overrides,
  });
}

async function control(sim: Simulator, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sim.url}/__sim${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${method} ${path}: ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text.length > 0 ? (JSON.parse(text) as unknown) : undefined;
}

export interface FaultSpec {
  route?: string;
  graphql?: string;
  kind: 'status' | 'rate-limit' | 'latency' | 'hang' | 'malformed' | 'graphql-error' | 'reset';
  status?: number;
  retryAfterSeconds?: number;
  latencyMs?: number;
  message?: string;
  times?: number;
}

/** Through the control API over HTTP, as any test tool would. */
export async function addFault(sim: Simulator, fault: FaultSpec): Promise<void> {
  await control(sim, 'POST', '/faults', fault);
}

export async function clearFaults(sim: Simulator): Promise<void> {
  await control(sim, 'DELETE', '/faults');
}

export async function requestCounts(sim: Simulator): Promise<Record<string, number>> {
  const counts = (await control(sim, 'GET', '/requests')) as { routes: Record<string, number> };
  return counts.routes;
}

export async function resetRequestCounts(sim: Simulator): Promise<void> {
  await control(sim, 'DELETE', '/requests');
}

/** Adds a pod behind the API's back (`POST /__sim/pods`), e.g. one that a failed create made. */
export async function addSimPod(sim: Simulator, pod: Record<string, unknown>): Promise<{ id: string }> {
  const { pods } = (await control(sim, 'POST', '/pods', pod)) as { pods: { id: string }[] };
  const [added] = pods;
  if (added === undefined) throw new Error('the simulator added no pod');
  return added;
}

/** A local URL on which nothing listens: a port the OS just handed out and took back. */
export async function refusedUrl(path: string): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}${path}`;
}

/**
 * A real Podwatch API for command tests: `node apps/api/dist/main.js` on a free port, with a fresh
 * state directory (embedded PGlite database, admin token), either in demo mode (its in-process
 * simulator and demo fleet) or pointed at a simulator the test started.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DashboardResponse } from '@podwatch/shared';
import type { RunningSimulator } from '@podwatch/runpod-simulator';
import { expect, vi } from 'vitest';
import { API_MAIN, cleanEnv } from './paths.js';

export const ADMIN_TOKEN = 'cli-test-admin-token-0123456789';
export const RUNPOD_KEY = 'rpa_CLITEST_0123456789abcdef';

export interface RunningApi {
  url: string;
  stateDir: string;
  /** The API's own log so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

export interface ApiOptions {
  /** Point the API at this simulator; without one the API runs in demo mode. */
  simulator?: RunningSimulator;
  /** podwatch.yaml contents (required with a simulator). */
  config?: string;
  env?: Record<string, string>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the API did not become healthy within 90 s:\n${log()}`);
}

/** Another process can take the free port between the probe and the API binding it: then try another. */
const PORT_ATTEMPTS = 5;

export async function startApi(options: ApiOptions = {}): Promise<RunningApi> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startApiOnce(options);
    } catch (error) {
      if (attempt >= PORT_ATTEMPTS || !String(error).includes('EADDRINUSE')) throw error;
    }
  }
}

async function startApiOnce(options: ApiOptions): Promise<RunningApi> {
  if (!existsSync(API_MAIN)) {
    throw new Error(
      `${API_MAIN} is missing: build the workspace first (cd /work/main && pnpm turbo run build).`,
    );
  }
  const stateDir = await mkdtemp(join(tmpdir(), 'podwatch-cli-test-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...cleanEnv(),
    PORT: String(port),
    HOST: '127.0.0.1',
    PODWATCH_STATE_DIR: stateDir,
    PODWATCH_ADMIN_TOKEN: ADMIN_TOKEN,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    // The tests poll and act faster than a person; the per-client rate limit is not under test.
    PODWATCH_RATE_LIMIT: '0',
    ...options.env,
  };
  if (options.simulator) {
    const configFile = join(stateDir, 'podwatch.yaml');
    await writeFile(configFile, options.config ?? 'instances: {}\n');
    Object.assign(env, {
      PODWATCH_CONFIG: configFile,
      RUNPOD_API_KEY: RUNPOD_KEY,
      RUNPOD_REST_URL: options.simulator.restUrl,
      RUNPOD_GRAPHQL_URL: options.simulator.graphqlUrl,
      RUNPOD_SERVERLESS_URL: options.simulator.serverlessUrl,
    });
  }
  const child = spawn(process.execPath, [API_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(stateDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stateDir, log: () => output, stop };
}

/** `GET /api/v1<path>` straight from the API (not through the CLI), which must answer 200. */
export async function getFromApi<T>(api: RunningApi, path: string): Promise<T> {
  const response = await fetch(`${api.url}/api/v1${path}`);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

/** Resolves once the API's collection at start-up succeeded: a second cycle meanwhile is refused (409). */
export async function firstCollection(api: RunningApi): Promise<void> {
  await vi.waitFor(
    async () => {
      const data = await getFromApi<DashboardResponse>(api, '/dashboard');
      if (data.collector.lastSuccessAt === null) throw new Error('no collection yet');
    },
    { timeout: 30_000, interval: 250 },
  );
}

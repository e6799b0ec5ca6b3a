/**
 * Runs the real, built Podwatch API for the browser tests: demo mode (no RUNPOD_API_KEY: the
 * in-process RunPod simulator with the demo fleet), the embedded PGlite database in a fresh state
 * directory, on a free port of 127.0.0.1. It serves the built dashboard at `/`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = dirname(dirname(dirname(dirname(fileURLToPath(import.meta.url)))));
const repoRoot = dirname(dirname(webDir));
const apiMain = join(repoRoot, 'apps', 'api', 'dist', 'main.js');
const webIndex = join(webDir, 'dist', 'index.html');
const START_TIMEOUT_MS = 90_000;

export interface RunningApi {
  url: string;
  adminToken: string;
  /** Everything the process printed, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

export interface ApiOptions {
  adminToken: string;
  readToken?: string;
}

function freePort(): Promise<number> {
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

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`The API exited with ${child.exitCode} before it was ready:\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/health`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The API did not become healthy within ${START_TIMEOUT_MS / 1000} s:\n${output()}`);
}

export function checkBuilds(): void {
  if (!existsSync(apiMain)) {
    throw new Error(`No API build at ${apiMain}: run \`pnpm turbo run build\` at the repository root first.`);
  }
  if (!existsSync(webIndex)) {
    throw new Error(`No dashboard build at ${webIndex}: run \`pnpm --filter @podwatch/web build\` first.`);
  }
}

/** Another process can take the free port between the probe and the API binding it: then try another. */
const PORT_ATTEMPTS = 5;

export async function startApi(options: ApiOptions): Promise<RunningApi> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startApiOnce(options);
    } catch (error) {
      if (attempt >= PORT_ATTEMPTS || !String(error).includes('EADDRINUSE')) throw error;
    }
  }
}

async function startApiOnce(options: ApiOptions): Promise<RunningApi> {
  checkBuilds();
  const stateDir = await mkdtemp(join(tmpdir(), 'podwatch-web-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // A clean environment: nothing from the caller's DATABASE_URL, RUNPOD_API_KEY or PODWATCH_*.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    HOST: '127.0.0.1',
    PODWATCH_STATE_DIR: stateDir,
    PODWATCH_ADMIN_TOKEN: options.adminToken,
    LOG_LEVEL: 'warn',
    // The demo week's back-fill is tested in the API's suite; these tests need a quick start.
    PODWATCH_DEMO_HISTORY: 'off',
    ...(options.readToken ? { PODWATCH_READ_TOKEN: options.readToken } : {}),
  };
  const child = spawn(process.execPath, [apiMain], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const output = () => log;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(stateDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(url, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, adminToken: options.adminToken, output, stop };
}

/** Runs `cycles` collection cycles now, so that telemetry history has samples. */
export async function collect(api: RunningApi, cycles: number): Promise<void> {
  for (let i = 0; i < cycles; i += 1) {
    const response = await fetch(`${api.url}/api/v1/stats/refresh`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.adminToken}` },
    });
    // 409: a scheduled cycle is running right now, which collects just as well.
    if (response.status !== 200 && response.status !== 409) {
      throw new Error(`POST /stats/refresh answered ${response.status}: ${await response.text()}`);
    }
  }
}

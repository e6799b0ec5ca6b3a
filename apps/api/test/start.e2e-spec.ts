/**
 * The built API as `npm start` runs it: a child process on the embedded database.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DashboardResponse } from '@podwatch/shared';
import { apiMain as main, runApi as run, startHealthy, stopApi as stop } from './support/api-process.js';

describe('npm start (built API)', () => {
  let stateDir: string;

  beforeAll(async () => {
    if (!existsSync(main))
      throw new Error(`${main} is missing: build the API first (turbo does before tests)`);
    stateDir = await mkdtemp(join(tmpdir(), 'podwatch-start-'));
  });

  afterAll(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  it('exits non-zero naming PORT when PORT=abc', async () => {
    const running = run({ PORT: 'abc', PODWATCH_STATE_DIR: stateDir });
    expect(await running.exited).not.toBe(0);
    expect(running.output()).toMatch(/PORT must be a port number/);
  });

  it('serves /health on the embedded database, stops on SIGTERM, and reuses the data on the next start', async () => {
    // The week of demo history has its own test (demo-history.e2e-spec.ts); here the start stays quick.
    const env = { PODWATCH_STATE_DIR: stateDir, PODWATCH_DEMO_HISTORY: 'off' };

    const { running: first, port, health } = await startHealthy(env);
    expect(health.status).toBe(200);
    expect(first.output()).toMatch(/applied \d+ migration/);
    expect(first.output()).toContain(`${stateDir}/admin-token`);
    expect((await stat(join(stateDir, 'admin-token'))).mode & 0o777).toBe(0o600);
    const docs = await fetch(`http://127.0.0.1:${port}/api/docs`);
    expect(docs.status).toBe(200);
    // Demo mode (no RUNPOD_API_KEY): the simulated fleet with telemetry within one interval (60 s).
    const token = (await readFile(join(stateDir, 'admin-token'), 'utf8')).trim();
    let dashboard: DashboardResponse | undefined;
    for (const until = Date.now() + 60_000; Date.now() < until;) {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/dashboard`, {
        headers: { authorization: `Bearer ${token}` },
      });
      dashboard = (await response.json()) as DashboardResponse;
      if (dashboard.instances.some((i) => i.telemetry !== null)) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(dashboard?.demo).toBe(true);
    const running = dashboard!.instances.filter((i) => i.pod?.status === 'RUNNING');
    expect(running.length).toBeGreaterThan(3);
    expect(running.filter((i) => i.telemetry === null).map((i) => i.instance)).toEqual([]);
    expect(running.length + dashboard!.unmanagedSummary.total).toBeGreaterThanOrEqual(10);
    expect(dashboard!.serverless.length).toBeGreaterThan(0);
    expect(await stop(first)).toBe(0);

    const { running: second, health: secondHealth } = await startHealthy(env);
    expect(secondHealth.status).toBe(200);
    expect(second.output()).toContain('database schema is up to date');
    expect(await stop(second)).toBe(0);
  }, 120_000);
});

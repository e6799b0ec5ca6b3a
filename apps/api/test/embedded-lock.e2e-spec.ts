/**
 * The embedded database is one process's: a second Podwatch on the same state directory refuses
 * to start and names the first; a lock left by a killed process is taken over; a damaged data
 * directory is reported with its path and what to do.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EmbeddedDatabaseLockedError, lockEmbeddedDatabase } from '../src/db/embedded-lock.js';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { apiMain, freePort, runApi, startHealthy, stopApi, type Running } from './support/api-process.js';

describe('embedded database lock', () => {
  let stateDir: string;
  const started: Running[] = [];

  beforeAll(async () => {
    if (!existsSync(apiMain)) throw new Error(`${apiMain} is missing: build the API first`);
    stateDir = await mkdtemp(join(tmpdir(), 'podwatch-lock-'));
  });

  afterAll(async () => {
    await Promise.all(started.map((running) => stopApi(running)));
    await rm(stateDir, { recursive: true, force: true });
  });

  it('refuses a second process naming the first one’s PID, keeps the first serving, and takes a stale lock over after kill -9', async () => {
    // No week of demo back-fill: the subject is the lock, and each start should be quick.
    const env = {
      PODWATCH_STATE_DIR: stateDir,
      PODWATCH_ADMIN_TOKEN: 'lock-test-admin-token-0123456789',
      PODWATCH_DEMO_HISTORY: 'off',
    };
    const first = await startHealthy(env);
    started.push(first.running);
    const instances = async (port: number) => {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/instances`);
      expect(response.status).toBe(200);
      return ((await response.json()) as { name: string }[]).map((i) => i.name).sort();
    };
    const before = await instances(first.port);
    expect(before.length).toBeGreaterThan(0);

    const second = runApi({ ...env, PORT: String(await freePort()) });
    started.push(second);
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toContain(`PID ${first.running.child.pid}`);
    expect(second.output()).toContain(join(stateDir, 'pglite.lock'));

    expect((await fetch(`http://127.0.0.1:${first.port}/health`)).status).toBe(200);
    expect(await instances(first.port)).toEqual(before);

    first.running.child.kill('SIGKILL');
    await first.running.exited;
    const lock = JSON.parse(await readFile(join(stateDir, 'pglite.lock'), 'utf8')) as { pid: number };
    expect(lock.pid).toBe(first.running.child.pid);

    const third = await startHealthy(env);
    started.push(third.running);
    expect(third.health.status).toBe(200);
    const taken = JSON.parse(await readFile(join(stateDir, 'pglite.lock'), 'utf8')) as { pid: number };
    expect(taken.pid).toBe(third.running.child.pid);
    expect(await stopApi(third.running)).toBe(0);
    expect(existsSync(join(stateDir, 'pglite.lock'))).toBe(false);
  }, 90_000);

  it('holds the lock against a live holder and releases it', async () => {
    const path = join(stateDir, 'held.lock');
    const release = lockEmbeddedDatabase(path);
    await writeFile(path, JSON.stringify({ pid: process.ppid, host: (await import('node:os')).hostname() }));
    expect(() => lockEmbeddedDatabase(path)).toThrow(EmbeddedDatabaseLockedError);
    expect(() => lockEmbeddedDatabase(path)).toThrow(`PID ${process.ppid}`);
    await rm(path);
    release();
    lockEmbeddedDatabase(path)();
    expect(existsSync(path)).toBe(false);
  });

  it('reports a damaged data directory with its path and how to move it aside', async () => {
    const dataDir = join(stateDir, 'damaged');
    await mkdir(join(dataDir, 'global'), { recursive: true });
    await writeFile(join(dataDir, 'PG_VERSION'), '17\n');
    await writeFile(join(dataDir, 'global', 'pg_control'), Buffer.alloc(100, 7));
    const failure = await startEmbeddedPostgres({ dataDir }).then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toContain(`embedded database in ${dataDir} could not be opened`);
    expect(failure?.message).toContain(`mv ${dataDir} ${dataDir}.damaged`);
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  }, 60_000);
});

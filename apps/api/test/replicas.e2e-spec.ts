/**
 * Several API processes on one PostgreSQL database against the simulator with RunPod's quota on
 * (60 REST requests a minute): they start together without harm, each scheduled job runs once per
 * interval across all of them, and when the replica that ran the last interval stops, another
 * runs the next. Skipped (visibly) without a PostgreSQL server: the embedded database is one process's.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { DEFAULT_RATE_LIMIT, type RunningSimulator } from '@podwatch/runpod-simulator';
import pg from 'pg';
import { runpodResponsesWithStatus, startHealthy, stopApi, type Running } from './support/api-process.js';
import { runpodEnv, startTestSimulator } from './support/simulator.js';
import {
  createTestDatabase,
  serverAdminUrl,
  serverReachable,
  type TestDatabase,
} from './support/test-database.js';
import { itWithServer } from './support/with-server.js';

const INTERVAL_MS = 4_000;
const INTERVALS = 10;

interface Replica {
  running: Running;
  port: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('replicas on one database', () => {
  let sim: RunningSimulator;
  let db: TestDatabase;
  let sql: pg.Client;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let replicas: Replica[] = [];
  let threeReplicasPerMinute = 0;

  beforeAll(async () => {
    if (!(await serverReachable(serverAdminUrl()))) return;
    sim = await startTestSimulator({ rateLimit: DEFAULT_RATE_LIMIT, pods: 12 });
    db = await createTestDatabase({ migrate: false });
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    dir = await mkdtemp(join(tmpdir(), 'podwatch-replicas-'));
    const pods = sim.control.listPods();
    const yaml = [
      'instances:',
      ...pods.flatMap((pod, i) => [
        `  job-${i}:`,
        `    podId: ${pod.id}`,
        '    inactivity: 2h',
        '    protect: true',
      ]),
    ];
    await writeFile(join(dir, 'podwatch.yaml'), `${yaml.join('\n')}\n`);
    env = {
      ...runpodEnv(sim),
      DATABASE_URL: db.url,
      PODWATCH_CONFIG: join(dir, 'podwatch.yaml'),
      PODWATCH_STATE_DIR: dir,
      PODWATCH_ADMIN_TOKEN: 'replicas-test-admin-token-0123456789',
      STATS_INTERVAL: `${INTERVAL_MS / 1000}s`,
      PRUNE_INTERVAL: `${INTERVAL_MS / 1000}s`,
      LOG_LEVEL: 'warn',
    };
  }, 30_000);

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => stopApi(replica.running)));
    await sql?.end();
    await db?.drop();
    await sim?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const count = async (table: 'CollectionCycle' | 'PruneRun') =>
    Number((await sql.query<{ n: string }>(`select count(*) as n from "${table}"`)).rows[0]?.n);

  /** RunPod answers of `status` seen by the replicas still running. */
  const responsesWithStatus = async (status: number) => {
    let total = 0;
    for (const { port } of replicas) total += await runpodResponsesWithStatus(port, status);
    return total;
  };

  /** Collection cycles, prune runs and simulator requests over INTERVALS whole intervals. */
  const measure = async () => {
    // Start mid-interval, so that exactly INTERVALS interval starts fall in the window.
    await sleep(INTERVAL_MS - (Date.now() % INTERVAL_MS) + INTERVAL_MS / 2);
    const before = {
      cycles: await count('CollectionCycle'),
      prunes: await count('PruneRun'),
      requests: sim.control.requestCounts().total,
    };
    await sleep(INTERVALS * INTERVAL_MS);
    return {
      cycles: (await count('CollectionCycle')) - before.cycles,
      prunes: (await count('PruneRun')) - before.prunes,
      requestsPerMinute:
        ((sim.control.requestCounts().total - before.requests) * 60_000) / (INTERVALS * INTERVAL_MS),
    };
  };

  const lastCollectorPid = async () => {
    const { rows } = await sql.query<{ claimedBy: string; slot: string }>(
      `select "claimedBy", slot from "JobSlot" where job = 'collector' order by slot desc limit 1`,
    );
    return { pid: Number(rows[0]?.claimedBy.split('/').at(-1)), slot: Number(rows[0]?.slot) };
  };

  itWithServer(
    'three started at the same instant on an empty database all become healthy and none exits',
    async () => {
      replicas = await Promise.all([1, 2, 3].map(() => startHealthy(env)));
      for (const { health } of replicas as (Replica & { health: Response })[])
        expect(health.status).toBe(200);
      await sleep(2_000);
      expect(replicas.map(({ running }) => running.child.exitCode)).toEqual([null, null, null]);
      const { rows } = await sql.query<{ name: string }>('select name from "Instance" order by name');
      expect(rows.map((row) => row.name).sort()).toEqual(
        Array.from({ length: 12 }, (_, i) => `job-${i}`).sort(),
      );
    },
    60_000,
  );

  itWithServer(
    'three replicas run collection and prune once per interval, within the quota (no 429)',
    async () => {
      const result = await measure();
      threeReplicasPerMinute = result.requestsPerMinute;
      expect(Math.abs(result.cycles - INTERVALS)).toBeLessThanOrEqual(1);
      expect(Math.abs(result.prunes - INTERVALS)).toBeLessThanOrEqual(1);
      expect(result.requestsPerMinute).toBeLessThan(DEFAULT_RATE_LIMIT.perMinute);
      expect(await responsesWithStatus(429)).toBe(0);
      const { rows } = await sql.query<{ n: string }>(
        `select count(distinct "claimedBy") as n from "JobSlot"`,
      );
      expect(Number(rows[0]?.n)).toBeGreaterThanOrEqual(1);
    },
    60_000,
  );

  itWithServer(
    'stopping the replica that ran the last interval: the next interval runs on another',
    async () => {
      await sleep(INTERVAL_MS - (Date.now() % INTERVAL_MS) + INTERVAL_MS / 2);
      const last = await lastCollectorPid();
      const stopped = replicas.find((replica) => replica.running.child.pid === last.pid);
      expect(stopped).toBeDefined();
      expect(await stopApi(stopped!.running)).toBe(0);
      replicas = replicas.filter((replica) => replica !== stopped);
      const cyclesBefore = await count('CollectionCycle');
      await sleep(2 * INTERVAL_MS);
      const next = await lastCollectorPid();
      expect(next.slot).toBeGreaterThan(last.slot);
      expect(replicas.map((replica) => replica.running.child.pid)).toContain(next.pid);
      expect(await count('CollectionCycle')).toBeGreaterThan(cyclesBefore);
    },
    60_000,
  );

  itWithServer(
    'RunPod requests a minute with three replicas are within 10 % of one replica’s',
    async () => {
      expect(await responsesWithStatus(429)).toBe(0);
      const [keep, ...others] = replicas;
      for (const other of others) expect(await stopApi(other.running)).toBe(0);
      replicas = keep ? [keep] : [];
      const one = await measure();
      expect(Math.abs(one.cycles - INTERVALS)).toBeLessThanOrEqual(1);
      expect(Math.abs(threeReplicasPerMinute - one.requestsPerMinute)).toBeLessThanOrEqual(
        0.1 * one.requestsPerMinute,
      );
      expect(await responsesWithStatus(429)).toBe(0);
    },
    60_000,
  );
});

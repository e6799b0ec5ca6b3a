/**
 * The scheduling primitives on a real PostgreSQL server: claimed slots (once per interval across
 * replicas), their retention, and the advisory JobLock (no listener piles up on pooled clients).
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { Clock, FakeClock } from '../src/common/clock.js';
import { JobLock } from '../src/common/job-lock.js';
import { JobSlots } from '../src/common/job-slots.js';
import { ScheduledJobs } from '../src/common/scheduled-jobs.js';
import { PrismaService } from '../src/prisma/prisma.service.js';
import {
  createTestDatabase,
  serverAdminUrl,
  serverReachable,
  type TestDatabase,
} from './support/test-database.js';
import { itWithServer } from './support/with-server.js';

describe('scheduled jobs across replicas', () => {
  let db: TestDatabase;
  let prisma: PrismaService;
  const locks: JobLock[] = [];

  beforeAll(async () => {
    if (!(await serverReachable(serverAdminUrl()))) return;
    db = await createTestDatabase();
    prisma = new PrismaService({ url: db.url, embedded: false });
    await prisma.$connect();
  });

  afterAll(async () => {
    for (const lock of locks) await lock.onModuleDestroy();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const newLock = () => {
    const lock = new JobLock({ url: db.url, embedded: false });
    locks.push(lock);
    return lock;
  };

  itWithServer('a slot is claimed by exactly one of several replicas; old slots are trimmed', async () => {
    const clock = new FakeClock('2026-03-01T00:00:00Z');
    const replicas = [new JobSlots(prisma, clock), new JobSlots(prisma, clock), new JobSlots(prisma, clock)];
    const claims = await Promise.all(replicas.map((slots) => slots.claim('demo', 100, 60_000)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await replicas[0]!.claim('demo', 101, 60_000)).toBe(true);
    // A day later (1,440 one-minute slots) the first rows are gone.
    expect(await replicas[1]!.claim('demo', 100 + 1_441, 60_000)).toBe(true);
    const rows = await prisma.jobSlot.findMany({ where: { job: 'demo' }, orderBy: { slot: 'asc' } });
    expect(rows.map((row) => Number(row.slot))).toEqual([101, 1_541]);
  });

  itWithServer('three schedulers with timers on tick once per interval between them', async () => {
    const intervalMs = 250;
    const ticks: number[] = [];
    const schedulers = [0, 1, 2].map(
      () => new ScheduledJobs(newLock(), new JobSlots(prisma, new Clock()), new Clock(), true),
    );
    const started = Date.now();
    schedulers.forEach((jobs, replica) =>
      jobs.every('three-replicas', intervalMs, () => Promise.resolve(ticks.push(replica)), {
        immediately: true,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 10 * intervalMs + intervalMs / 2));
    for (const jobs of schedulers) jobs.onModuleDestroy();
    const intervals = Math.floor((Date.now() - started) / intervalMs) + 1;
    expect(Math.abs(ticks.length - intervals)).toBeLessThanOrEqual(1);
  });

  itWithServer('JobLock leaves no listener behind on its pooled connections', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const lock = newLock();
      for (let run = 0; run < 30; run += 1) {
        const result = await lock.run('listener-check', () => Promise.resolve(run));
        expect(result).toEqual({ ran: true, value: run });
      }
      const pool = (
        lock as unknown as {
          pool: { connect(): Promise<{ listenerCount(name: string): number; release(): void }> };
        }
      ).pool;
      const client = await pool.connect();
      const listeners = client.listenerCount('error');
      client.release();
      expect(listeners).toBeLessThanOrEqual(1);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PrismaService } from '../src/prisma/prisma.service.js';
import { type SampleInput, TelemetryRepository } from '../src/telemetry/telemetry.repository.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const DAY = 86_400_000;
const start = new Date('2026-10-01T00:00:00Z');

function sample(instanceId: string, podId: string, time: Date, gpuUtil: number[]): SampleInput {
  return {
    podId,
    instanceId,
    time,
    source: 'runpod',
    status: 'RUNNING',
    costPerHr: 2.5,
    cpuPercent: 40,
    memoryPercent: 50,
    gpuUtilMax: Math.max(...gpuUtil),
    gpuUtilAvg: gpuUtil.reduce((a, b) => a + b, 0) / gpuUtil.length,
    gpuMemPercent: 30,
    temperatureC: 60,
    powerWatts: 300,
    gpuUtil,
    gpus: gpuUtil.map((util, index) => ({ index, utilPercent: util })),
    extra: null,
    busy: Math.max(...gpuUtil) >= 10,
  };
}

describe(TelemetryRepository.name, () => {
  let db: TestDatabase;
  let prisma: PrismaService;
  let sut: TelemetryRepository;
  let instanceId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = new PrismaService({ url: db.url, embedded: db.embedded });
    sut = new TelemetryRepository(prisma);
    const instance = await prisma.instance.create({
      data: { name: 'trainer', type: 'pod', inactivitySeconds: 600, onIdle: 'stop' },
    });
    instanceId = instance.id;
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('stores 10,000 samples of one cycle in one statement, arrays and JSON intact', async () => {
    const time = new Date(start.getTime() + 40 * DAY);
    const samples = Array.from({ length: 10_000 }, (_, i) =>
      sample(instanceId, `pod${i}`, time, [i % 100, 0]),
    );
    expect(await sut.insertSamples(samples)).toBe(10_000);
    const stored = await prisma.telemetrySample.findFirst({ where: { podId: 'pod42' } });
    expect(stored).toMatchObject({ gpuUtil: [42, 0], gpuUtilMax: 42, busy: true, source: 'runpod' });
    expect(stored?.gpus).toEqual([
      { index: 0, utilPercent: 42 },
      { index: 1, utilPercent: 0 },
    ]);
    await prisma.telemetrySample.deleteMany({});
  });

  describe('history of 30 days of 1-minute samples', () => {
    beforeAll(async () => {
      const minutes = 30 * 24 * 60;
      for (let offset = 0; offset < minutes; offset += 10_000) {
        const batch = Array.from({ length: Math.min(10_000, minutes - offset) }, (_, i) => {
          const minute = offset + i;
          return sample(instanceId, 'podA', new Date(start.getTime() + minute * 60_000), [minute % 60, 100]);
        });
        await sut.insertSamples(batch);
      }
      await sut.rollup(start, new Date(start.getTime() + 30 * DAY));
    }, 120_000);

    it('serves an hour from raw samples at full resolution', async () => {
      const from = new Date(start.getTime() + DAY);
      const result = await sut.history({
        instanceId,
        from,
        to: new Date(from.getTime() + 3_600_000),
        points: 500,
      });
      expect(result.resolution).toBe('raw');
      expect(result.points).toHaveLength(60);
      expect(result.points[0]).toMatchObject({ time: from.toISOString(), samples: 1, gpuUtil: [0, 100] });
    });

    it('downsamples 24 hours of raw samples to at most `points` buckets covering the range', async () => {
      const from = new Date(start.getTime() + 2 * DAY);
      const to = new Date(from.getTime() + DAY);
      const result = await sut.history({ instanceId, from, to, points: 100 });
      expect(result.resolution).toBe('raw');
      expect(result.points.length).toBeLessThanOrEqual(100);
      expect(result.points.length).toBeGreaterThanOrEqual(90);
      expect(result.points.reduce((n, p) => n + p.samples, 0)).toBe(24 * 60);
      expect(result.points[0]?.time).toBe(from.toISOString());
      expect(new Date(result.points.at(-1)!.time).getTime()).toBeLessThan(to.getTime());
    });

    it('serves 30 days from the 5-minute rollup in at most 500 buckets with every sample counted', async () => {
      const result = await sut.history({
        instanceId,
        from: start,
        to: new Date(start.getTime() + 30 * DAY),
        points: 500,
      });
      expect(result.resolution).toBe('5m');
      expect(result.points.length).toBeLessThanOrEqual(500);
      expect(result.points.reduce((n, p) => n + p.samples, 0)).toBe(30 * 24 * 60);
      const first = result.points[0]!;
      expect(first.gpuUtilMax).toBe(100);
      expect(first.gpuUtil[1]).toBe(100);
      const minutes = result.bucketSeconds / 60;
      const expected = Array.from({ length: minutes }, (_, m) => m % 60).reduce((a, b) => a + b, 0) / minutes;
      expect(first.gpuUtil[0]).toBeCloseTo(expected, 1);
    });

    it('serves a year from the hourly rollup', async () => {
      const to = new Date(start.getTime() + 30 * DAY);
      const result = await sut.history({
        instanceId,
        from: new Date(to.getTime() - 365 * DAY),
        to,
        points: 200,
      });
      expect(result.resolution).toBe('1h');
      expect(result.points.length).toBeLessThanOrEqual(200);
      expect(result.points.reduce((n, p) => n + p.samples, 0)).toBe(30 * 24 * 60);
    });

    it('keeps what retention allows and deletes the rest', async () => {
      const now = new Date(start.getTime() + 30 * DAY);
      const removed = await sut.enforceRetention(now, {
        raw: 7 * 86_400,
        rollup5m: 20 * 86_400,
        rollup1h: 730 * 86_400,
      });
      expect(removed.raw).toBe(23 * 24 * 60);
      expect(removed.fiveMinute).toBe(10 * 24 * 12);
      expect(removed.hourly).toBe(0);
      expect(await prisma.telemetrySample.count()).toBe(7 * 24 * 60);
    });
  });
});

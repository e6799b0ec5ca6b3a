/**
 * History: 30 days of 1-minute samples for one pod, served in at most 500 points, with a fleet of
 * 1,000 pods × 7 days of 1-minute samples in the same table (about 10 million rows).
 */
import { PrismaService } from '../src/prisma/prisma.service.js';
import { TelemetryRepository } from '../src/telemetry/telemetry.repository.js';
import { createTestDatabase, median, percentile, report, timed } from './support.js';

const FLEET_PODS = 1_000;
const FLEET_DAYS = 7;
const end = new Date('2026-11-01T00:00:00Z');
const DAY = 86_400_000;

const db = await createTestDatabase();
const prisma = new PrismaService({ url: db.url, embedded: db.embedded });
const repository = new TelemetryRepository(prisma);

const instance = await prisma.instance.create({
  data: { name: 'history', type: 'pod', inactivitySeconds: 600, onIdle: 'stop' },
});
const fleetInstance = await prisma.instance.create({
  data: { name: 'fleet', type: 'pod', inactivitySeconds: 600, onIdle: 'stop' },
});

// Generated in SQL: loading ten million rows through the app would measure the loader, not the query.
const load = await timed(async () => {
  await prisma.$executeRaw`
    insert into "TelemetrySample" ("podId", "instanceId", "time", "source", "costPerHr", "cpuPercent", "memoryPercent",
      "gpuUtilMax", "gpuUtilAvg", "gpuMemPercent", "temperatureC", "powerWatts", "gpuUtil", "busy")
    select 'fleet' || p, ${fleetInstance.id}::uuid, t, 'runpod', 0.69, 30, 40, (extract(minute from t))::int, 20, 25, 55, 250,
      array[(extract(minute from t))::float8], extract(minute from t) >= 10
    from generate_series(1, ${FLEET_PODS}) p,
      generate_series(${new Date(end.getTime() - FLEET_DAYS * DAY)}::timestamptz, ${end}::timestamptz - interval '1 minute', interval '1 minute') t`;
  await prisma.$executeRaw`
    insert into "TelemetrySample" ("podId", "instanceId", "time", "source", "costPerHr", "cpuPercent", "memoryPercent",
      "gpuUtilMax", "gpuUtilAvg", "gpuMemPercent", "temperatureC", "powerWatts", "gpuUtil", "busy")
    select 'historypod', ${instance.id}::uuid, t, 'runpod', 2.49, 50, 60, (extract(minute from t))::int, 45, 70, 65, 600,
      array[(extract(minute from t))::float8, 100], true
    from generate_series(${new Date(end.getTime() - 30 * DAY)}::timestamptz, ${end}::timestamptz - interval '1 minute', interval '1 minute') t`;
  await repository.rollup(new Date(end.getTime() - 31 * DAY), end);
  await prisma.$executeRaw`analyze "TelemetrySample"`;
  await prisma.$executeRaw`analyze "TelemetryRollup"`;
});
const rows = Number(
  (await prisma.$queryRaw<{ n: bigint }[]>`select count(*) as n from "TelemetrySample"`)[0]!.n,
);

const query = () =>
  repository.history({
    instanceId: instance.id,
    from: new Date(end.getTime() - 30 * DAY),
    to: end,
    points: 500,
  });
const first = await query();
const times: number[] = [];
for (let i = 0; i < 60; i += 1) times.push((await timed(query)).ms);

const dayTimes: number[] = [];
const dayQuery = () =>
  repository.history({ instanceId: instance.id, from: new Date(end.getTime() - DAY), to: end, points: 500 });
for (let i = 0; i < 30; i += 1) dayTimes.push((await timed(dayQuery)).ms);

await prisma.$disconnect();
await db.drop();
report('history', {
  rows,
  loadSeconds: Math.round(load.ms / 1000),
  points30d: first.points.length,
  resolution30d: first.resolution,
  p50Ms30d: Math.round(median(times) * 10) / 10,
  p95Ms30d: Math.round(percentile(times, 95) * 10) / 10,
  p50Ms24h: Math.round(median(dayTimes) * 10) / 10,
  p95Ms24h: Math.round(percentile(dayTimes, 95) * 10) / 10,
});

/**
 * Telemetry history in SQL: one multi-row insert per collection cycle, downsampling with
 * `date_bin`, 5-minute and 1-hour rollups for long ranges, and retention.
 */
import { Injectable } from '@nestjs/common';
import type { GpuTelemetry, TelemetryPoint } from '@podwatch/shared';
import { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';

export interface SampleInput {
  podId: string;
  instanceId: string | null;
  time: Date;
  source: 'runpod' | 'agent';
  status: string | null;
  costPerHr: number | null;
  cpuPercent: number | null;
  memoryPercent: number | null;
  gpuUtilMax: number | null;
  gpuUtilAvg: number | null;
  gpuMemPercent: number | null;
  temperatureC: number | null;
  powerWatts: number | null;
  gpuUtil: number[];
  gpus: unknown;
  extra: unknown;
  busy: boolean;
}

export type Resolution = 'raw' | '5m' | '1h';

export const RESOLUTION_SECONDS: Record<Resolution, number> = { raw: 0, '5m': 300, '1h': 3600 };

/** Ranges up to a day read raw samples; up to 90 days the 5-minute rollup; beyond, the hourly one. */
export function resolutionFor(rangeSeconds: number): Resolution {
  if (rangeSeconds <= 86_400) return 'raw';
  if (rangeSeconds <= 90 * 86_400) return '5m';
  return '1h';
}

/** The bucket that fits the range into at most `points` buckets, never finer than the resolution. */
export function bucketSecondsFor(rangeSeconds: number, points: number, resolution: Resolution): number {
  const finest = Math.max(1, RESOLUTION_SECONDS[resolution]);
  const needed = Math.ceil(rangeSeconds / Math.max(1, points));
  return Math.max(finest, Math.ceil(needed / finest) * finest);
}

export interface HistoryQuery {
  instanceId: string;
  from: Date;
  to: Date;
  points: number;
  source?: 'runpod' | 'agent';
}

type BucketRow = Omit<TelemetryPoint, 'time' | 'samples' | 'gpuUtil'> & {
  bucket: Date;
  samples: bigint | number;
};

export interface AgentThermals {
  podId: string;
  time: Date;
  temperatureC: number | null;
  powerWatts: number | null;
  gpus: GpuTelemetry[] | null;
}

interface GpuBucketRow {
  bucket: Date;
  gpu: bigint | number;
  util: number | null;
}

const pgArray = (values: number[]) =>
  `{${values.map((v) => (Number.isFinite(v) ? String(v) : 'NULL')).join(',')}}`;

@Injectable()
export class TelemetryRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Inserts a cycle's samples in one statement (column arrays unnested: any row count, 17 parameters). */
  async insertSamples(samples: SampleInput[]): Promise<number> {
    if (samples.length === 0) return 0;
    const column = <T>(pick: (s: SampleInput) => T) => samples.map(pick);
    return this.prisma.$executeRaw`
      insert into "TelemetrySample" ("podId", "instanceId", "time", "source", "status", "costPerHr", "cpuPercent",
        "memoryPercent", "gpuUtilMax", "gpuUtilAvg", "gpuMemPercent", "temperatureC", "powerWatts", "gpuUtil", "gpus", "extra", "busy")
      select "podId", "instanceId"::uuid, "time", "source", "status", "costPerHr", "cpuPercent", "memoryPercent", "gpuUtilMax",
        "gpuUtilAvg", "gpuMemPercent", "temperatureC", "powerWatts", "gpuUtil"::float8[], "gpus"::jsonb, "extra"::jsonb, "busy"
      from unnest(
        ${column((s) => s.podId)}::text[], ${column((s) => s.instanceId)}::text[], ${column((s) => s.time)}::timestamptz[],
        ${column((s) => s.source)}::text[], ${column((s) => s.status)}::text[], ${column((s) => s.costPerHr)}::float8[],
        ${column((s) => s.cpuPercent)}::float8[], ${column((s) => s.memoryPercent)}::float8[], ${column((s) => s.gpuUtilMax)}::float8[],
        ${column((s) => s.gpuUtilAvg)}::float8[], ${column((s) => s.gpuMemPercent)}::float8[], ${column((s) => s.temperatureC)}::float8[],
        ${column((s) => s.powerWatts)}::float8[], ${column((s) => pgArray(s.gpuUtil))}::text[],
        ${column((s) => (s.gpus == null ? null : JSON.stringify(s.gpus)))}::text[],
        ${column((s) => (s.extra == null ? null : JSON.stringify(s.extra)))}::text[], ${column((s) => s.busy)}::bool[]
      ) as t("podId", "instanceId", "time", "source", "status", "costPerHr", "cpuPercent", "memoryPercent", "gpuUtilMax",
        "gpuUtilAvg", "gpuMemPercent", "temperatureC", "powerWatts", "gpuUtil", "gpus", "extra", "busy")`;
  }

  /**
   * Temperature and power of each pod's newest agent report since `since` (one index probe per
   * pod): what stands in for RunPod's when GraphQL is gone.
   */
  async latestAgentThermals(podIds: string[], since: Date): Promise<AgentThermals[]> {
    if (podIds.length === 0) return [];
    return this.prisma.$queryRaw<AgentThermals[]>`
      select p."podId", s."time", s."temperatureC", s."powerWatts", s."gpus"
      from unnest(${podIds}::text[]) as p("podId")
      cross join lateral (
        select "time", "temperatureC", "powerWatts", "gpus" from "TelemetrySample"
        where "podId" = p."podId" and "source" = 'agent' and "time" >= ${since}
        order by "time" desc
        limit 1
      ) s`;
  }

  /** At most `points` buckets covering [from, to), from raw samples or a rollup depending on the range. */
  async history(
    query: HistoryQuery,
  ): Promise<{ resolution: Resolution; bucketSeconds: number; points: TelemetryPoint[] }> {
    const rangeSeconds = Math.max(1, (query.to.getTime() - query.from.getTime()) / 1000);
    const resolution = resolutionFor(rangeSeconds);
    const bucketSeconds = bucketSecondsFor(rangeSeconds, query.points, resolution);
    const bucket = Prisma.sql`make_interval(secs => ${bucketSeconds})`;
    const source = query.source ?? 'runpod';
    let rows: BucketRow[];
    let gpuRows: GpuBucketRow[];
    if (resolution === 'raw') {
      const where = Prisma.sql`"instanceId" = ${query.instanceId}::uuid and "source" = ${source} and "time" >= ${query.from} and "time" < ${query.to}`;
      rows = await this.prisma.$queryRaw<BucketRow[]>`
        select date_bin(${bucket}, "time", ${query.from}::timestamptz) as bucket, count(*) as samples,
          avg("cpuPercent") as "cpuPercent", avg("memoryPercent") as "memoryPercent", max("gpuUtilMax") as "gpuUtilMax",
          avg("gpuUtilAvg") as "gpuUtilAvg", avg("gpuMemPercent") as "gpuMemPercent", max("temperatureC") as "temperatureC",
          avg("powerWatts") as "powerWatts", avg("costPerHr") as "costPerHr"
        from "TelemetrySample" where ${where} group by 1 order by 1`;
      gpuRows = await this.prisma.$queryRaw<GpuBucketRow[]>`
        select date_bin(${bucket}, "time", ${query.from}::timestamptz) as bucket, g.ord as gpu, avg(g.util) as util
        from "TelemetrySample", unnest("gpuUtil") with ordinality as g(util, ord)
        where ${where} group by 1, 2 order by 1, 2`;
    } else {
      const where = Prisma.sql`"instanceId" = ${query.instanceId}::uuid and "source" = ${source}
        and "bucketSeconds" = ${RESOLUTION_SECONDS[resolution]} and "bucket" >= ${query.from} and "bucket" < ${query.to}`;
      const weighted = (column: string) =>
        Prisma.sql`sum(${Prisma.raw(`"${column}"`)} * "samples") / nullif(sum(case when ${Prisma.raw(`"${column}"`)} is null then 0 else "samples" end), 0)`;
      rows = await this.prisma.$queryRaw<BucketRow[]>`
        select date_bin(${bucket}, "bucket", ${query.from}::timestamptz) as bucket, sum("samples") as samples,
          ${weighted('cpuPercent')} as "cpuPercent", ${weighted('memoryPercent')} as "memoryPercent",
          max("gpuUtilMax") as "gpuUtilMax", ${weighted('gpuUtilAvg')} as "gpuUtilAvg", ${weighted('gpuMemPercent')} as "gpuMemPercent",
          max("temperatureC") as "temperatureC", ${weighted('powerWatts')} as "powerWatts", ${weighted('costPerHr')} as "costPerHr"
        from "TelemetryRollup" where ${where} group by 1 order by 1`;
      gpuRows = await this.prisma.$queryRaw<GpuBucketRow[]>`
        select date_bin(${bucket}, "bucket", ${query.from}::timestamptz) as bucket, g.ord as gpu,
          sum(g.util * "samples") / nullif(sum("samples"), 0) as util
        from "TelemetryRollup", unnest("gpuUtil") with ordinality as g(util, ord)
        where ${where} group by 1, 2 order by 1, 2`;
    }
    const gpuByBucket = new Map<number, (number | null)[]>();
    for (const row of gpuRows) {
      const key = row.bucket.getTime();
      const list = gpuByBucket.get(key) ?? [];
      list[Number(row.gpu) - 1] = row.util === null ? null : round(row.util);
      gpuByBucket.set(key, list);
    }
    const points = rows.map((row) => ({
      time: row.bucket.toISOString(),
      samples: Number(row.samples),
      cpuPercent: round(row.cpuPercent),
      memoryPercent: round(row.memoryPercent),
      gpuUtilMax: round(row.gpuUtilMax),
      gpuUtilAvg: round(row.gpuUtilAvg),
      gpuMemPercent: round(row.gpuMemPercent),
      temperatureC: round(row.temperatureC),
      powerWatts: round(row.powerWatts),
      costPerHr: row.costPerHr === null ? null : Number(row.costPerHr),
      gpuUtil: Array.from(gpuByBucket.get(row.bucket.getTime()) ?? [], (v) => v ?? null),
    }));
    return { resolution, bucketSeconds, points };
  }

  /** The pods an instance had samples for in the range (an instance's pod can be replaced). */
  async podsInRange(instanceId: string, from: Date, to: Date): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ podId: string }[]>`
      select distinct "podId" from "TelemetrySample" where "instanceId" = ${instanceId}::uuid and "time" >= ${from} and "time" < ${to}
      union
      select distinct "podId" from "TelemetryRollup" where "instanceId" = ${instanceId}::uuid and "bucket" >= ${from} and "bucket" < ${to}`;
    return rows.map((row) => row.podId).sort();
  }

  /**
   * Recomputes the rollups of complete buckets in [since, until): 5-minute buckets from raw samples,
   * hourly ones from the 5-minute rollups. Idempotent (upserts), so late samples are folded in on the next run.
   */
  async rollup(since: Date, until: Date): Promise<{ fiveMinute: number; hourly: number }> {
    const fiveMinute = await this.prisma.$executeRaw`
      with base as (
        select "podId", "source", date_bin('5 minutes', "time", timestamptz 'epoch') as bucket, max("instanceId"::text)::uuid as "instanceId",
          count(*) as samples, avg("costPerHr") as "costPerHr", avg("cpuPercent") as "cpuPercent", avg("memoryPercent") as "memoryPercent",
          max("gpuUtilMax") as "gpuUtilMax", avg("gpuUtilAvg") as "gpuUtilAvg", avg("gpuMemPercent") as "gpuMemPercent",
          max("temperatureC") as "temperatureC", avg("powerWatts") as "powerWatts", count(*) filter (where "busy") as busy
        from "TelemetrySample" where "time" >= ${since} and "time" < ${until}
        group by 1, 2, 3
      ), per_gpu as (
        select "podId", "source", date_bin('5 minutes', "time", timestamptz 'epoch') as bucket, g.ord, avg(g.util) as util
        from "TelemetrySample", unnest("gpuUtil") with ordinality as g(util, ord)
        where "time" >= ${since} and "time" < ${until}
        group by 1, 2, 3, 4
      ), gpu_arrays as (
        select "podId", "source", bucket, array_agg(util order by ord) as "gpuUtil" from per_gpu group by 1, 2, 3
      )
      ${upsertRollups(300)}`;
    const hourSince = new Date(Math.floor(since.getTime() / 3_600_000) * 3_600_000);
    const hourly = await this.prisma.$executeRaw`
      with base as (
        select "podId", "source", date_bin('1 hour', "bucket", timestamptz 'epoch') as bucket, max("instanceId"::text)::uuid as "instanceId",
          sum("samples") as samples,
          sum("costPerHr" * "samples") / nullif(sum("samples"), 0) as "costPerHr",
          sum("cpuPercent" * "samples") / nullif(sum("samples"), 0) as "cpuPercent",
          sum("memoryPercent" * "samples") / nullif(sum("samples"), 0) as "memoryPercent",
          max("gpuUtilMax") as "gpuUtilMax",
          sum("gpuUtilAvg" * "samples") / nullif(sum("samples"), 0) as "gpuUtilAvg",
          sum("gpuMemPercent" * "samples") / nullif(sum("samples"), 0) as "gpuMemPercent",
          max("temperatureC") as "temperatureC",
          sum("powerWatts" * "samples") / nullif(sum("samples"), 0) as "powerWatts",
          sum("busySamples") as busy
        from "TelemetryRollup" where "bucketSeconds" = 300 and "bucket" >= ${hourSince} and "bucket" < ${until}
        group by 1, 2, 3
      ), per_gpu as (
        select "podId", "source", date_bin('1 hour', "bucket", timestamptz 'epoch') as bucket, g.ord,
          sum(g.util * "samples") / nullif(sum("samples"), 0) as util
        from "TelemetryRollup", unnest("gpuUtil") with ordinality as g(util, ord)
        where "bucketSeconds" = 300 and "bucket" >= ${hourSince} and "bucket" < ${until}
        group by 1, 2, 3, 4
      ), gpu_arrays as (
        select "podId", "source", bucket, array_agg(util order by ord) as "gpuUtil" from per_gpu group by 1, 2, 3
      )
      ${upsertRollups(3600)}`;
    return { fiveMinute, hourly };
  }

  /** Deletes history past its retention; returns the rows removed per table. */
  async enforceRetention(now: Date, retention: { raw: number; rollup5m: number; rollup1h: number }) {
    const before = (seconds: number) => new Date(now.getTime() - seconds * 1000);
    const raw = await this.prisma.telemetrySample.deleteMany({
      where: { time: { lt: before(retention.raw) } },
    });
    const fiveMinute = await this.prisma.telemetryRollup.deleteMany({
      where: { bucketSeconds: 300, bucket: { lt: before(retention.rollup5m) } },
    });
    const hourly = await this.prisma.telemetryRollup.deleteMany({
      where: { bucketSeconds: 3600, bucket: { lt: before(retention.rollup1h) } },
    });
    return { raw: raw.count, fiveMinute: fiveMinute.count, hourly: hourly.count };
  }
}

/**
 * The end of both rollup statements: upsert the `base` aggregates and the `gpu_arrays` per-GPU
 * averages of their CTEs as buckets of `bucketSeconds`.
 */
function upsertRollups(bucketSeconds: 300 | 3600): Prisma.Sql {
  return Prisma.sql`
      insert into "TelemetryRollup" ("podId", "source", "bucketSeconds", "bucket", "instanceId", "samples", "costPerHr", "cpuPercent",
        "memoryPercent", "gpuUtilMax", "gpuUtilAvg", "gpuMemPercent", "temperatureC", "powerWatts", "gpuUtil", "busySamples")
      select b."podId", b."source", ${Prisma.raw(String(bucketSeconds))}, b.bucket, b."instanceId", b.samples, b."costPerHr", b."cpuPercent",
        b."memoryPercent", b."gpuUtilMax", b."gpuUtilAvg", b."gpuMemPercent", b."temperatureC", b."powerWatts",
        coalesce(g."gpuUtil", '{}'), b.busy
      from base b left join gpu_arrays g using ("podId", "source", bucket)
      on conflict ("podId", "source", "bucketSeconds", "bucket") do update set
        "instanceId" = excluded."instanceId", "samples" = excluded."samples", "costPerHr" = excluded."costPerHr",
        "cpuPercent" = excluded."cpuPercent", "memoryPercent" = excluded."memoryPercent", "gpuUtilMax" = excluded."gpuUtilMax",
        "gpuUtilAvg" = excluded."gpuUtilAvg", "gpuMemPercent" = excluded."gpuMemPercent", "temperatureC" = excluded."temperatureC",
        "powerWatts" = excluded."powerWatts", "gpuUtil" = excluded."gpuUtil", "busySamples" = excluded."busySamples"`;
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(Number(value) * 10) / 10;
}

import { type FastifyInstance, type FastifyReply } from 'fastify';
import {
  accrued,
  BillingWindowError,
  BUCKET_SIZES,
  type BillingWindow,
  type BucketSize,
  money,
  resolveWindow,
} from '../billing.js';
import { endpointRuns } from '../serverless.js';
import { type SimContext } from './context.js';
import { sendProblem, sendValidation } from './problem.js';

/** REST v2 billing: aggregate, per pod and per serverless endpoint, bucketed per the spec. */

type Query = Record<string, unknown>;

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses the shared billing parameters; answers 422/400 itself and returns null on failure. */
function billingWindow(query: Query, now: number, reply: FastifyReply): BillingWindow | null {
  const errors: string[] = [];
  const single = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      errors.push(`${name}: expected a single value`);
      return undefined;
    }
    return value;
  };
  const rawBucket = single('bucketSize');
  const rawStart = single('startTime');
  const rawEnd = single('endTime');
  const rawLastN = single('lastN');
  let bucketSize: BucketSize = 'day';
  if (rawBucket !== undefined) {
    const found = BUCKET_SIZES.find((size) => size === rawBucket);
    if (found) bucketSize = found;
    else errors.push(`bucketSize: value must be one of ${BUCKET_SIZES.map((s) => `"${s}"`).join(', ')}`);
  }
  const time = (name: string, raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    const parsed = Date.parse(raw);
    if (!RFC3339.test(raw) || Number.isNaN(parsed)) {
      errors.push(`${name}: must be an RFC 3339 date-time`);
      return undefined;
    }
    return parsed;
  };
  const startTime = time('startTime', rawStart);
  const endTime = time('endTime', rawEnd);
  let lastN: number | undefined;
  if (rawLastN !== undefined) {
    if (!/^\d+$/.test(rawLastN) || Number(rawLastN) < 1) errors.push('lastN: must be an integer >= 1');
    else lastN = Number(rawLastN);
  }
  if (errors.length > 0) {
    sendValidation(reply, errors);
    return null;
  }
  if (lastN !== undefined && (rawStart !== undefined || rawEnd !== undefined)) {
    sendProblem(reply, 400, 'lastN is mutually exclusive with startTime/endTime');
    return null;
  }
  try {
    return resolveWindow(
      {
        bucketSize,
        ...(startTime !== undefined ? { startTime } : {}),
        ...(endTime !== undefined ? { endTime } : {}),
        ...(lastN !== undefined ? { lastN } : {}),
      },
      now,
    );
  } catch (error) {
    if (error instanceof BillingWindowError) {
      sendProblem(reply, 400, error.message);
      return null;
    }
    throw error;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

export function registerBillingRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { world } = ctx;

  /** Per pod per bucket: compute split into GPU/CPU, plus disk. */
  const podRecords = (window: BillingWindow, t: number, podId: string | null) => {
    const records: Record<string, unknown>[] = [];
    const totals = { totalAmount: 0, gpuAmount: 0, cpuAmount: 0, diskAmount: 0 };
    const pods = new Set<string>();
    const candidates = [...world.pods.values()].filter(
      (pod) =>
        (podId === null || pod.id === podId) &&
        pod.createdAt < window.end &&
        (pod.terminateAt === null || pod.terminateAt > window.start),
    );
    for (const bucket of window.buckets) {
      if (bucket.start >= t) break;
      for (const pod of candidates) {
        const { compute, disk } = world.podSpend(pod, bucket.start, bucket.end, t);
        if (compute + disk <= 0) continue;
        const gpuAmount = pod.cpu ? 0 : compute;
        const cpuAmount = pod.cpu ? compute : 0;
        records.push({
          startTime: iso(bucket.start),
          endTime: iso(bucket.end),
          podId: pod.id,
          totalAmount: money(compute + disk),
          gpuAmount: money(gpuAmount),
          cpuAmount: money(cpuAmount),
          diskAmount: money(disk),
        });
        totals.totalAmount += compute + disk;
        totals.gpuAmount += gpuAmount;
        totals.cpuAmount += cpuAmount;
        totals.diskAmount += disk;
        pods.add(pod.id);
      }
    }
    return { records, totals, uniquePods: pods.size };
  };

  const serverlessRecords = (window: BillingWindow, t: number, serverlessId: string | null) => {
    const records: Record<string, unknown>[] = [];
    const totals = { totalAmount: 0, gpuAmount: 0, cpuAmount: 0, diskAmount: 0, feeAmount: 0 };
    const endpoints = new Set<string>();
    const candidates = world
      .listedEndpoints(t)
      .filter((ep) => serverlessId === null || ep.id === serverlessId)
      .map((ep) => ({ ep, runs: endpointRuns(ep) }));
    for (const bucket of window.buckets) {
      if (bucket.start >= t) break;
      for (const { ep, runs } of candidates) {
        const gpu = accrued(runs, bucket.start, bucket.end, t);
        if (gpu <= 0) continue;
        records.push({
          startTime: iso(bucket.start),
          endTime: iso(bucket.end),
          serverlessId: ep.id,
          totalAmount: money(gpu),
          gpuAmount: money(gpu),
          cpuAmount: 0,
          diskAmount: 0,
          feeAmount: 0,
        });
        totals.totalAmount += gpu;
        totals.gpuAmount += gpu;
        endpoints.add(ep.id);
      }
    }
    return { records, totals, uniqueEndpoints: endpoints.size };
  };

  const rounded = <T extends Record<string, number>>(totals: T): T =>
    Object.fromEntries(Object.entries(totals).map(([key, value]) => [key, money(value)])) as T;

  app.get<{ Querystring: Query }>('/v2/billing/pods', { config: { api: 'rest' } }, (request, reply) => {
    const t = world.now();
    const window = billingWindow(request.query, t, reply);
    if (!window) return reply;
    const podId = typeof request.query.podId === 'string' ? request.query.podId : null;
    const { records, totals, uniquePods } = podRecords(window, t, podId);
    return {
      records,
      metadata: {
        query: {
          startTime: iso(window.start),
          endTime: iso(window.end),
          bucketSize: window.bucketSize,
          podId,
        },
        recordCount: records.length,
        uniquePodCount: uniquePods,
        totals: rounded(totals),
      },
    };
  });

  app.get<{ Querystring: Query }>('/v2/billing/serverless', { config: { api: 'rest' } }, (request, reply) => {
    const t = world.now();
    const window = billingWindow(request.query, t, reply);
    if (!window) return reply;
    const serverlessId = typeof request.query.serverlessId === 'string' ? request.query.serverlessId : null;
    const { records, totals, uniqueEndpoints } = serverlessRecords(window, t, serverlessId);
    return {
      records,
      metadata: {
        query: {
          startTime: iso(window.start),
          endTime: iso(window.end),
          bucketSize: window.bucketSize,
          serverlessId,
        },
        recordCount: records.length,
        uniqueServerlessCount: uniqueEndpoints,
        totals: rounded(totals),
      },
    };
  });

  app.get<{ Querystring: Query }>('/v2/billing', { config: { api: 'rest' } }, (request, reply) => {
    const t = world.now();
    const window = billingWindow(request.query, t, reply);
    if (!window) return reply;
    const zero = () => ({
      totalAmount: 0,
      podGpuAmount: 0,
      podCpuAmount: 0,
      podDiskAmount: 0,
      serverlessGpuAmount: 0,
      serverlessCpuAmount: 0,
      serverlessDiskAmount: 0,
      serverlessFeeAmount: 0,
      storageStandardAmount: 0,
      storageHighPerformanceAmount: 0,
      endpointAmount: 0,
      clusterGpuAmount: 0,
      clusterDiskAmount: 0,
      clusterNetworkingAmount: 0,
    });
    const byBucket = new Map(window.buckets.map((bucket) => [bucket.start, zero()]));
    for (const record of podRecords(window, t, null).records) {
      const amounts = byBucket.get(Date.parse(String(record.startTime)));
      if (!amounts) continue;
      amounts.podGpuAmount += Number(record.gpuAmount);
      amounts.podCpuAmount += Number(record.cpuAmount);
      amounts.podDiskAmount += Number(record.diskAmount);
      amounts.totalAmount += Number(record.totalAmount);
    }
    for (const record of serverlessRecords(window, t, null).records) {
      const amounts = byBucket.get(Date.parse(String(record.startTime)));
      if (!amounts) continue;
      amounts.serverlessGpuAmount += Number(record.gpuAmount);
      amounts.totalAmount += Number(record.totalAmount);
    }
    const totals = zero();
    const records = window.buckets.map((bucket) => {
      const amounts = byBucket.get(bucket.start) ?? zero();
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += amounts[key];
      return { startTime: iso(bucket.start), endTime: iso(bucket.end), ...rounded(amounts) };
    });
    return {
      records,
      metadata: {
        query: { startTime: iso(window.start), endTime: iso(window.end), bucketSize: window.bucketSize },
        recordCount: records.length,
        totals: rounded(totals),
      },
    };
  });
}

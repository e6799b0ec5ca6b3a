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

/** `iso`, remembered: a breakdown labels every pod's record with the same few bucket bounds. */
function isoCache(): (ms: number) => string {
  const cache = new Map<number, string>();
  return (ms) => {
    let text = cache.get(ms);
    if (text === undefined) {
      text = iso(ms);
      cache.set(ms, text);
    }
    return text;
  };
}

type Amounts = Record<string, number>;

/** What one pod or endpoint accrued in one bucket, unrounded. */
interface Row<A extends Amounts> {
  bucket: { start: number; end: number };
  id: string;
  amounts: A;
}

function rounded<A extends Amounts>(amounts: A): A {
  const out: Amounts = {};
  for (const key in amounts) out[key] = money(amounts[key] ?? 0);
  return out as A;
}

/** Adds `amounts` into `totals`, key by key. */
function addInto(totals: Amounts, amounts: Amounts): void {
  for (const key in totals) totals[key] = (totals[key] ?? 0) + (amounts[key] ?? 0);
}

export function registerBillingRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { world } = ctx;

  const podZero = () => ({ totalAmount: 0, gpuAmount: 0, cpuAmount: 0, diskAmount: 0 });
  const serverlessZero = () => ({ ...podZero(), feeAmount: 0 });

  /** Per pod per bucket: compute split into GPU/CPU, plus disk. */
  const podRows = (window: BillingWindow, t: number, podId: string | null) => {
    const rows: Row<ReturnType<typeof podZero>>[] = [];
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
        rows.push({
          bucket,
          id: pod.id,
          amounts: {
            totalAmount: compute + disk,
            gpuAmount: pod.cpu ? 0 : compute,
            cpuAmount: pod.cpu ? compute : 0,
            diskAmount: disk,
          },
        });
      }
    }
    return rows;
  };

  const serverlessRows = (window: BillingWindow, t: number, serverlessId: string | null) => {
    const rows: Row<ReturnType<typeof serverlessZero>>[] = [];
    const candidates = world
      .listedEndpoints(t)
      .filter((ep) => serverlessId === null || ep.id === serverlessId)
      .map((ep) => ({ ep, runs: endpointRuns(ep) }));
    for (const bucket of window.buckets) {
      if (bucket.start >= t) break;
      for (const { ep, runs } of candidates) {
        const gpu = accrued(runs, bucket.start, bucket.end, t);
        if (gpu <= 0) continue;
        rows.push({ bucket, id: ep.id, amounts: { ...serverlessZero(), totalAmount: gpu, gpuAmount: gpu } });
      }
    }
    return rows;
  };

  /** `/v2/billing/pods` and `/v2/billing/serverless`: one record per row, filtered by `idKey`. */
  const breakdownRoute = <A extends Amounts>(
    path: string,
    idKey: 'podId' | 'serverlessId',
    countKey: 'uniquePodCount' | 'uniqueServerlessCount',
    rowsOf: (window: BillingWindow, t: number, id: string | null) => Row<A>[],
    zero: () => A,
  ) => {
    app.get<{ Querystring: Query }>(path, { config: { api: 'rest' } }, (request, reply) => {
      const t = world.now();
      const window = billingWindow(request.query, t, reply);
      if (!window) return reply;
      const rawId = request.query[idKey];
      const id = typeof rawId === 'string' ? rawId : null;
      const rows = rowsOf(window, t, id);
      const totals = zero();
      for (const row of rows) addInto(totals, row.amounts);
      const label = isoCache();
      return {
        records: rows.map((row) => {
          const record: Record<string, unknown> = {
            startTime: label(row.bucket.start),
            endTime: label(row.bucket.end),
          };
          record[idKey] = row.id;
          for (const key in row.amounts) record[key] = money(row.amounts[key] ?? 0);
          return record;
        }),
        metadata: {
          query: {
            startTime: iso(window.start),
            endTime: iso(window.end),
            bucketSize: window.bucketSize,
            [idKey]: id,
          },
          recordCount: rows.length,
          [countKey]: new Set(rows.map((row) => row.id)).size,
          totals: rounded(totals),
        },
      };
    });
  };

  breakdownRoute('/v2/billing/pods', 'podId', 'uniquePodCount', podRows, podZero);
  breakdownRoute(
    '/v2/billing/serverless',
    'serverlessId',
    'uniqueServerlessCount',
    serverlessRows,
    serverlessZero,
  );

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
    // Sums the amounts as the breakdowns report them (rounded), so that the totals agree.
    const byBucket = new Map(window.buckets.map((bucket) => [bucket, zero()]));
    for (const { bucket, amounts: pod } of podRows(window, t, null)) {
      const amounts = byBucket.get(bucket);
      if (!amounts) continue;
      amounts.podGpuAmount += money(pod.gpuAmount);
      amounts.podCpuAmount += money(pod.cpuAmount);
      amounts.podDiskAmount += money(pod.diskAmount);
      amounts.totalAmount += money(pod.totalAmount);
    }
    for (const { bucket, amounts: endpoint } of serverlessRows(window, t, null)) {
      const amounts = byBucket.get(bucket);
      if (!amounts) continue;
      amounts.serverlessGpuAmount += money(endpoint.gpuAmount);
      amounts.totalAmount += money(endpoint.totalAmount);
    }
    const totals = zero();
    const records = window.buckets.map((bucket) => {
      const amounts = byBucket.get(bucket) ?? zero();
      addInto(totals, amounts);
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

import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, type Problem, type RestPod, startHarness } from './testing/harness.js';

const POD = 'billingpod0001';
const H100_RATE = 2.69;
/** 50 GB container disk at $0.10/GB/month while running. */
const DISK_PER_HOUR = (50 * 0.1) / 720;

interface PodBilling {
  records: {
    startTime: string;
    endTime: string;
    podId: string;
    totalAmount: number;
    gpuAmount: number;
    cpuAmount: number;
    diskAmount: number;
  }[];
  metadata: {
    query: { startTime: string; endTime: string; bucketSize: string; podId: string | null };
    recordCount: number;
    uniquePodCount: number;
    totals: { totalAmount: number; gpuAmount: number; diskAmount: number };
  };
}

describe('billing', () => {
  let h: Harness;
  afterEach(() => h.close());

  const start = () =>
    startHarness({
      transitions: { provisioningSeconds: 0, startingSeconds: 0 },
      pods: [
        { id: POD, gpuTypeId: 'NVIDIA H100 80GB HBM3', status: 'RUNNING', uptimeSeconds: 0, volumeInGb: 0 },
        { id: 'billingpod0002', gpuTypeId: 'NVIDIA A40', status: 'EXITED', volumeInGb: 0 },
      ],
      endpoints: [
        {
          id: 'billingep00001',
          pools: ['ADA_24'],
          workers: { min: 0, max: 1, idleTimeout: 5 },
          coldStartSeconds: 3,
        },
      ],
    });

  const spend = async () =>
    (
      await h.graphql<{ myself: { currentSpendPerHr: number; clientBalance: number; spendLimit: number } }>(
        '{ myself { currentSpendPerHr clientBalance spendLimit } }',
      )
    ).body.data?.myself;

  it('accrues per second from the pod cost while it runs, and stops when it exits', async () => {
    h = await start();
    h.advance(1);
    const oneSecond = await h.restJson<PodBilling>(`/billing/pods?bucketSize=hour&podId=${POD}`);
    expect(oneSecond.records).toHaveLength(1);
    expect(oneSecond.records[0]?.gpuAmount).toBeCloseTo(H100_RATE / 3600, 6);

    h.advance(3599);
    await h.rest(`/pods/${POD}/action`, { method: 'POST', body: { action: 'stop' } });
    h.advance(3600);
    const billed = await h.restJson<PodBilling>(
      `/billing/pods?bucketSize=hour&startTime=2026-01-01T00:00:00Z&endTime=2026-01-01T02:00:00Z`,
    );
    expect(billed.records).toEqual([
      {
        startTime: '2026-01-01T00:00:00.000Z',
        endTime: '2026-01-01T01:00:00.000Z',
        podId: POD,
        totalAmount: Math.round((H100_RATE + DISK_PER_HOUR) * 1e6) / 1e6,
        gpuAmount: H100_RATE,
        cpuAmount: 0,
        diskAmount: Math.round(DISK_PER_HOUR * 1e6) / 1e6,
      },
    ]);
    expect(billed.metadata).toMatchObject({
      query: {
        startTime: '2026-01-01T00:00:00.000Z',
        endTime: '2026-01-01T02:00:00.000Z',
        bucketSize: 'hour',
        podId: null,
      },
      recordCount: 1,
      uniquePodCount: 1,
    });
    expect((await h.restJson<RestPod>(`/pods/${POD}`)).cost).toBe(0);
  });

  it('reports spend rate and a falling balance in GraphQL myself', async () => {
    h = await start();
    expect(await spend()).toEqual({ currentSpendPerHr: H100_RATE, clientBalance: 500, spendLimit: 80 });
    h.advance(3600);
    const after = await spend();
    expect(after?.clientBalance).toBeCloseTo(500 - H100_RATE - DISK_PER_HOUR, 2);
    await h.rest(`/pods/${POD}/action`, { method: 'POST', body: { action: 'stop' } });
    expect((await spend())?.currentSpendPerHr).toBe(0);
  });

  it('aggregates pods and serverless per bucket in /v2/billing and /v2/billing/serverless', async () => {
    h = await start();
    h.sim.control.enqueueJobs('billingep00001', { count: 1, durationSeconds: 60 });
    h.advance(3600);
    const serverless = await h.restJson<{
      records: { serverlessId: string; gpuAmount: number }[];
      metadata: { uniqueServerlessCount: number };
    }>('/billing/serverless?bucketSize=day');
    expect(serverless.records).toHaveLength(1);
    expect(serverless.records[0]?.serverlessId).toBe('billingep00001');
    // One worker alive from the enqueue until 5 s after its 60 s job (plus the 3 s cold start).
    expect(serverless.records[0]?.gpuAmount).toBeCloseTo((1.1 * 68) / 3600, 6);

    const all = await h.restJson<{
      records: {
        startTime: string;
        totalAmount: number;
        podGpuAmount: number;
        serverlessGpuAmount: number;
      }[];
      metadata: { recordCount: number; query: { bucketSize: string } };
    }>('/billing?bucketSize=day&lastN=3');
    expect(all.records.map((r) => r.startTime)).toEqual([
      '2025-12-30T00:00:00.000Z',
      '2025-12-31T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
    ]);
    const today = all.records[2];
    expect(today?.podGpuAmount).toBeCloseTo(H100_RATE, 6);
    expect(today?.serverlessGpuAmount).toBeCloseTo((1.1 * 68) / 3600, 6);
    expect(today?.totalAmount).toBeCloseTo(H100_RATE + DISK_PER_HOUR + (1.1 * 68) / 3600, 5);
  });

  it('rejects bad billing queries (422 for values, 400 for combinations)', async () => {
    h = await start();
    const bucket = await h.rest('/billing/pods?bucketSize=minute');
    expect(bucket.status).toBe(422);
    expect(((await bucket.json()) as Problem).errors?.[0]).toContain('bucketSize');
    expect((await h.rest('/billing/pods?startTime=yesterday')).status).toBe(422);
    expect((await h.rest('/billing?lastN=0')).status).toBe(422);
    expect((await h.rest('/billing?lastN=2&startTime=2026-01-01T00:00:00Z')).status).toBe(400);
    expect(
      (await h.rest('/billing?startTime=2026-02-01T00:00:00Z&endTime=2026-01-01T00:00:00Z')).status,
    ).toBe(400);
  });
});

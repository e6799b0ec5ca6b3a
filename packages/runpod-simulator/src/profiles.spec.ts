import { afterEach, describe, expect, it } from 'vitest';
import { type SimPodInput } from './types.js';
import { type Harness, startHarness } from './testing/harness.js';

const FLEET: SimPodInput[] = [
  { id: 'profileidle001', gpuTypeId: 'NVIDIA H100 80GB HBM3', profile: 'idle' },
  { id: 'profiletrain01', gpuTypeId: 'NVIDIA H100 80GB HBM3', profile: 'training' },
  { id: 'profileinfer01', gpuTypeId: 'NVIDIA H100 80GB HBM3', profile: 'inference' },
  { id: 'profilestall01', gpuTypeId: 'NVIDIA H100 80GB HBM3', profile: 'stalled' },
  { id: 'profilemulti01', gpuTypeId: 'NVIDIA RTX A6000', gpuCount: 8, profile: 'multi-gpu-one-busy' },
];

interface Gpu {
  percentUtilization: number;
  memoryUtilization: number;
  temperatureCelcius: number;
  powerWatts: number;
}

type Telemetry = Record<string, Gpu[]>;

const QUERY =
  '{ myself { pods { id latestTelemetry { individualGpuMetrics { percentUtilization memoryUtilization temperatureCelcius powerWatts } } } } }';

async function telemetry(h: Harness): Promise<Telemetry> {
  const { body } = await h.graphql<{
    myself: { pods: { id: string; latestTelemetry: { individualGpuMetrics: Gpu[] } | null }[] };
  }>(QUERY);
  return Object.fromEntries(
    (body.data?.myself.pods ?? []).map((p) => [p.id, p.latestTelemetry?.individualGpuMetrics ?? []]),
  );
}

describe('workload profiles', () => {
  const harnesses: Harness[] = [];
  afterEach(async () => {
    await Promise.all(harnesses.splice(0).map((h) => h.close()));
  });
  const start = async (seed: number) => {
    const h = await startHarness({ seed, pods: FLEET, demo: true });
    harnesses.push(h);
    return h;
  };

  it('gives the same values for the same seed and moment, other values for another seed', async () => {
    const [a, b, c] = await Promise.all([start(42), start(42), start(43)]);
    for (const h of [a, b, c]) h.advance(3 * 3600 + 17);
    const [ta, tb, tc] = await Promise.all([telemetry(a), telemetry(b), telemetry(c)]);
    expect(tb).toEqual(ta);
    expect(tc).not.toEqual(ta);
    a.advance(1);
    expect(await telemetry(a)).not.toEqual(ta);
  });

  it('keeps each profile in its realistic range over ten minutes', async () => {
    const h = await start(1);
    const inferenceUtil: number[] = [];
    for (let i = 0; i < 120; i++) {
      const sample = await telemetry(h);
      const [idle] = sample.profileidle001 ?? [];
      expect(idle?.percentUtilization).toBeLessThanOrEqual(1);
      expect(idle?.temperatureCelcius).toBeGreaterThanOrEqual(32);
      expect(idle?.temperatureCelcius).toBeLessThanOrEqual(40);
      expect(idle?.powerWatts).toBeGreaterThanOrEqual(70);
      expect(idle?.powerWatts).toBeLessThanOrEqual(140);

      const [training] = sample.profiletrain01 ?? [];
      expect(training?.percentUtilization).toBeGreaterThanOrEqual(90);
      expect(training?.temperatureCelcius).toBeGreaterThanOrEqual(64);
      expect(training?.temperatureCelcius).toBeLessThanOrEqual(78);
      expect(training?.powerWatts).toBeGreaterThanOrEqual(520);
      expect(training?.powerWatts).toBeLessThanOrEqual(700);

      const [stalled] = sample.profilestall01 ?? [];
      expect(stalled?.percentUtilization).toBeLessThanOrEqual(1);
      expect(stalled?.memoryUtilization).toBeGreaterThanOrEqual(85);

      const multi = sample.profilemulti01 ?? [];
      expect(multi).toHaveLength(8);
      expect(multi.filter((gpu) => gpu.percentUtilization >= 90)).toHaveLength(1);
      expect(multi.filter((gpu) => gpu.percentUtilization <= 1)).toHaveLength(7);

      inferenceUtil.push(sample.profileinfer01?.[0]?.percentUtilization ?? -1);
      h.advance(5);
    }
    // Bursty: both busy and quiet stretches.
    expect(inferenceUtil.some((util) => util >= 40)).toBe(true);
    expect(inferenceUtil.some((util) => util < 10)).toBe(true);
  });

  it('follows a profile change from the control API', async () => {
    const h = await start(1);
    const put = await h.control('/pods/profileidle001/profile', {
      method: 'PUT',
      body: { profile: 'training' },
    });
    expect(put.status).toBe(200);
    expect((await telemetry(h)).profileidle001?.[0]?.percentUtilization).toBeGreaterThanOrEqual(90);
  });
});

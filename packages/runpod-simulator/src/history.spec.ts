import { afterEach, describe, expect, it } from 'vitest';
import { PROFILE_BUSY, type SimPodHistory } from './types.js';
import { type Harness, startHarness } from './testing/harness.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

describe('pod history (a scenario scorecard’s ground truth)', () => {
  let h: Harness;
  afterEach(() => h.close());

  const historyOf = async (id: string) => {
    const response = await h.control('/history');
    expect(response.status).toBe(200);
    const { pods } = (await response.json()) as { pods: SimPodHistory[] };
    const pod = pods.find((p) => p.id === id);
    if (!pod) throw new Error(`no history for ${id}`);
    return pod;
  };

  it('records profile changes, API and control actions, billing lag and ignored stops', async () => {
    h = await startHarness({
      pods: [
        { id: 'historypod0001', name: 'a', profile: 'training', uptimeSeconds: 600, costPerHr: 2 },
        { id: 'historypod0002', name: 'b', profile: 'idle', uptimeSeconds: 600, stuck: true },
      ],
    });
    const advance = (ms: number) => h.control('/clock', { method: 'POST', body: { advanceMs: ms } });

    await advance(60_000);
    expect(
      (await h.control('/pods/historypod0001/profile', { method: 'PUT', body: { profile: 'idle' } })).status,
    ).toBe(200);
    await h.control('/pods/historypod0001/billing-lag', { method: 'PUT', body: { seconds: 120 } });
    await advance(60_000);
    expect(
      (await h.rest('/pods/historypod0001/action', { method: 'POST', body: { action: 'stop' } })).status,
    ).toBe(200);
    await advance(60_000);
    const started = await h.control('/pods/historypod0001/action', {
      method: 'POST',
      body: { action: 'start' },
    });
    expect(started.status).toBe(200);
    expect(((await started.json()) as { status: string }).status).toBe('PROVISIONING');
    const refused = await h.control('/pods/historypod0001/action', {
      method: 'POST',
      body: { action: 'start' },
    });
    expect(refused.status).toBe(409);
    await h.rest('/pods/historypod0002/action', { method: 'POST', body: { action: 'stop' } });

    const a = await historyOf('historypod0001');
    expect(a.ratePerHr).toBe(2);
    expect(a.profiles.map((p) => p.profile)).toEqual(['training', 'idle']);
    expect(a.profiles[1]?.at).toBe(T0 + 60_000);
    expect(a.actions).toEqual([
      { at: T0 + 120_000, action: 'stop', by: 'api', effective: true },
      { at: T0 + 180_000, action: 'start', by: 'control', effective: true },
    ]);
    expect(a.runs).toHaveLength(2);
    expect(a.runs[0]).toMatchObject({ to: T0 + 120_000, billedUntil: T0 + 240_000 });
    expect(a.runs[1]).toEqual({ from: T0 + 180_000, to: null, billedUntil: null });

    const b = await historyOf('historypod0002');
    expect(b.actions).toEqual([{ at: T0 + 180_000, action: 'stop', by: 'api', effective: false }]);
    expect(b.runs[0]?.to).toBeNull();
  });

  it('says which profiles are work', () => {
    expect(
      Object.entries(PROFILE_BUSY)
        .filter(([, busy]) => busy)
        .map(([name]) => name),
    ).toEqual(['training', 'inference', 'multi-gpu-one-busy']);
  });
});

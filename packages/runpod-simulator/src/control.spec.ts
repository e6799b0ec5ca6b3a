import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { DEMO_ENDPOINT_IDS, DEMO_FLEET, DEMO_POD_IDS } from './fleet.js';
import { type RequestCounts, type SimPodSummary } from './types.js';
import { AUTH, type Harness, type RestPod, startHarness } from './testing/harness.js';

async function json<T>(response: Response | Promise<Response>): Promise<T> {
  return (await (await response).json()) as T;
}

describe('control API', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('describes itself at /__sim', async () => {
    h = await startHarness({ demo: true });
    const index = await json<{
      restUrl: string;
      graphqlUrl: string;
      serverlessUrl: string;
      clockSettable: boolean;
      now: string;
    }>(h.control(''));
    expect(index).toMatchObject({
      restUrl: h.sim.restUrl,
      graphqlUrl: h.sim.graphqlUrl,
      serverlessUrl: h.sim.serverlessUrl,
      clockSettable: true,
      now: '2026-01-01T00:00:00.000Z',
    });
    expect(h.sim.restUrl).toBe(`${h.sim.url}/v2`);
  });

  it('adds pods (one, several, or generated), lists and removes them', async () => {
    h = await startHarness();
    const one = await h.control('/pods', {
      method: 'POST',
      body: { id: 'addedpod000001', name: 'added', gpuTypeId: 'NVIDIA L40S', profile: 'training' },
    });
    expect(one.status).toBe(201);
    expect(((await one.json()) as { pods: SimPodSummary[] }).pods).toEqual([
      expect.objectContaining({
        id: 'addedpod000001',
        status: 'RUNNING',
        profile: 'training',
        costPerHr: 0.86,
      }),
    ]);
    const many = await json<{ pods: SimPodSummary[] }>(
      h.control('/pods', { method: 'POST', body: [{ name: 'a' }, { name: 'b', status: 'EXITED' }] }),
    );
    expect(many.pods.map((p) => p.status)).toEqual(['RUNNING', 'EXITED']);
    const generated = await json<{ pods: SimPodSummary[] }>(
      h.control('/pods', { method: 'POST', body: { count: 20 } }),
    );
    expect(generated.pods).toHaveLength(20);
    expect((await json<{ pods: SimPodSummary[] }>(h.control('/pods'))).pods).toHaveLength(23);

    const duplicate = await h.control('/pods', { method: 'POST', body: { id: 'addedpod000001' } });
    expect(duplicate.status).toBe(400);
    const badType = await h.control('/pods', { method: 'POST', body: { gpuTypeId: 'NVIDIA GTX 480' } });
    expect(badType.status).toBe(400);
    expect(((await badType.json()) as { error: string }).error).toContain('unknown GPU type');

    expect((await h.control('/pods/addedpod000001', { method: 'DELETE' })).status).toBe(204);
    expect((await h.rest('/pods/addedpod000001')).status).toBe(404);
    expect((await h.control('/pods/addedpod000001', { method: 'DELETE' })).status).toBe(404);
  });

  it('sets profiles and marks pods stuck', async () => {
    h = await startHarness({ demo: true });
    const badProfile = await h.control(`/pods/${DEMO_POD_IDS.trainer}/profile`, {
      method: 'PUT',
      body: { profile: 'mining' },
    });
    expect(badProfile.status).toBe(400);
    const stuck = await json<SimPodSummary>(
      h.control(`/pods/${DEMO_POD_IDS.trainer}/stuck`, { method: 'PUT', body: { stuck: true } }),
    );
    expect(stuck.stuck).toBe(true);
    await h.rest(`/pods/${DEMO_POD_IDS.trainer}/action`, { method: 'POST', body: { action: 'stop' } });
    expect((await h.restJson<RestPod>(`/pods/${DEMO_POD_IDS.trainer}`)).status).toBe('RUNNING');
    await h.control(`/pods/${DEMO_POD_IDS.trainer}/stuck`, { method: 'PUT', body: { stuck: false } });
    await h.rest(`/pods/${DEMO_POD_IDS.trainer}/action`, { method: 'POST', body: { action: 'stop' } });
    expect((await h.restJson<RestPod>(`/pods/${DEMO_POD_IDS.trainer}`)).status).toBe('EXITED');
    expect((await h.control('/pods/nosuchpod00000/stuck', { method: 'PUT', body: {} })).status).toBe(404);
  });

  it('keeps an EXITED pod billed for its billing lag, then drops its cost to 0', async () => {
    h = await startHarness({ demo: true });
    const trainer = DEMO_POD_IDS.trainer;
    const bad = await h.control(`/pods/${trainer}/billing-lag`, { method: 'PUT', body: { seconds: -1 } });
    expect(bad.status).toBe(400);
    const lagged = await json<SimPodSummary>(
      h.control(`/pods/${trainer}/billing-lag`, { method: 'PUT', body: { seconds: 60 } }),
    );
    const rate = (await h.restJson<RestPod>(`/pods/${trainer}`)).cost;
    expect(rate).toBeGreaterThan(0);
    expect(lagged.costPerHr).toBe(rate);
    await h.rest(`/pods/${trainer}/action`, { method: 'POST', body: { action: 'stop' } });
    await h.control('/clock', { method: 'POST', body: { advanceMs: 30_000 } });
    expect(await h.restJson<RestPod>(`/pods/${trainer}`)).toMatchObject({ status: 'EXITED', cost: rate });
    await h.control('/clock', { method: 'POST', body: { advanceMs: 60_000 } });
    expect(await h.restJson<RestPod>(`/pods/${trainer}`)).toMatchObject({ status: 'EXITED', cost: 0 });
  });

  it('sets and advances a manual clock, forward only', async () => {
    h = await startHarness();
    expect(await json(h.control('/clock'))).toEqual({ now: '2026-01-01T00:00:00.000Z', settable: true });
    expect(await json(h.control('/clock', { method: 'POST', body: { advanceMs: 90_000 } }))).toEqual({
      now: '2026-01-01T00:01:30.000Z',
    });
    expect(
      await json(h.control('/clock', { method: 'POST', body: { set: '2026-03-01T12:00:00Z' } })),
    ).toEqual({
      now: '2026-03-01T12:00:00.000Z',
    });
    expect(
      (await h.control('/clock', { method: 'POST', body: { set: '2026-01-01T00:00:00Z' } })).status,
    ).toBe(409);
    expect((await h.control('/clock', { method: 'POST', body: { set: 'soon' } })).status).toBe(400);
    expect((await h.control('/clock', { method: 'POST', body: { set: 1, advanceMs: 1 } })).status).toBe(400);
  });

  it('reads an injected clock and moves it when it is settable (like FakeClock)', async () => {
    const clock = new ManualClock('2026-05-01T00:00:00Z');
    h = await startHarness({ clock, transitions: { provisioningSeconds: 2, startingSeconds: 0 } });
    const pod = await h.restJson<RestPod>('/pods', {
      method: 'POST',
      body: { name: 'clocked', image: 'python:3.12', gpu: { id: 'NVIDIA A40' } },
    });
    expect(pod.createdAt).toBe('2026-05-01T00:00:00.000Z');
    clock.advance(2000);
    expect((await h.restJson<RestPod>(`/pods/${pod.id}`)).status).toBe('RUNNING');
    await h.control('/clock', { method: 'POST', body: { advanceMs: 60_000 } });
    expect(clock.now().toISOString()).toBe('2026-05-01T00:01:02.000Z');
  });

  it('refuses to move a real clock', async () => {
    h = await startHarness({ clock: 'real' });
    expect((await json<{ settable: boolean }>(h.control('/clock'))).settable).toBe(false);
    expect((await h.control('/clock', { method: 'POST', body: { advanceMs: 1000 } })).status).toBe(409);
  });

  it('counts RunPod-path requests per route and GraphQL operation, and resets them', async () => {
    h = await startHarness({ demo: true });
    await h.rest('/pods');
    await h.rest('/pods');
    await h.rest(`/pods/${DEMO_POD_IDS.notebook}/action`, { method: 'POST', body: { action: 'stop' } });
    await h.graphql('query myPods { myself { pods { id } } }');
    await h.graphql('mutation { podStop(input: {podId: "x"}) { id } } ');
    await fetch(`${h.sim.serverlessUrl}/${DEMO_ENDPOINT_IDS.embeddings}/health`, { headers: AUTH });
    await fetch(`${h.sim.restUrl}/pods`);
    await h.rest('/templates');
    const counts = await json<RequestCounts>(h.control('/requests'));
    expect(counts).toEqual({
      total: 8,
      routes: {
        'GET /v2/pods': 3,
        'POST /v2/pods/{id}/action': 1,
        'POST /graphql': 2,
        'GET /serverless/v2/{id}/health': 1,
        'GET /v2/templates': 1,
      },
      graphql: { operations: { myPods: 1, '(anonymous)': 1 }, fields: { myself: 1, podStop: 1 } },
    });
    expect((await h.control('/requests', { method: 'DELETE' })).status).toBe(204);
    expect((await json<RequestCounts>(h.control('/requests'))).total).toBe(0);
  });

  it('resets to the initial fleet', async () => {
    h = await startHarness({ demo: true });
    await h.rest(`/pods/${DEMO_POD_IDS.trainer}/action`, { method: 'POST', body: { action: 'terminate' } });
    await h.control('/pods', { method: 'POST', body: { count: 3 } });
    h.sim.control.addFault({ kind: 'status', status: 500 });
    h.advance(3600);
    const reset = await h.control('/reset', { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(await reset.json()).toEqual({ pods: DEMO_FLEET.pods.length });
    expect(h.sim.control.listFaults()).toEqual([]);
    const trainer = await h.restJson<RestPod>(`/pods/${DEMO_POD_IDS.trainer}`);
    expect(trainer.status).toBe('RUNNING');
    expect(trainer.startedAt).toBe(
      new Date(Date.parse('2026-01-01T01:00:00Z') - (5 * 3600 + 12 * 60) * 1000).toISOString(),
    );
  });

  it('turns live-API quirks on and off', async () => {
    h = await startHarness({ demo: true });
    expect(
      await json(h.control('/quirks', { method: 'PUT', body: { goTimestamps: true, imageName: true } })),
    ).toEqual({
      goTimestamps: true,
      imageName: true,
    });
    const quirky = await h.restJson<Record<string, unknown>>(`/pods/${DEMO_POD_IDS.trainer}`);
    expect(quirky.image).toBeUndefined();
    expect(quirky.imageName).toBe('runpod/pytorch:1.0.2-cu1281-torch280-ubuntu2404');
    expect(quirky.createdAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} \+0000 UTC$/);
    expect((await h.control('/quirks', { method: 'PUT', body: { sloppy: true } })).status).toBe(400);
    await h.control('/quirks', { method: 'PUT', body: {} });
    expect((await h.restJson<Record<string, unknown>>(`/pods/${DEMO_POD_IDS.trainer}`)).image).toBeDefined();
  });

  it('queues serverless jobs and 404s for unknown endpoints', async () => {
    h = await startHarness({ demo: true });
    const queued = await h.control(`/endpoints/${DEMO_ENDPOINT_IDS.embeddings}/jobs`, {
      method: 'POST',
      body: { count: 2, durationSeconds: 5 },
    });
    expect(queued.status).toBe(202);
    expect(
      (await h.control('/endpoints/nope/jobs', { method: 'POST', body: { count: 1, durationSeconds: 1 } }))
        .status,
    ).toBe(404);
    expect(
      (
        await h.control(`/endpoints/${DEMO_ENDPOINT_IDS.embeddings}/jobs`, {
          method: 'POST',
          body: { count: 0 },
        })
      ).status,
    ).toBe(400);
    const health = await json<{ jobs: { inQueue: number } }>(
      h.control(`/endpoints/${DEMO_ENDPOINT_IDS.embeddings}/health`),
    );
    expect(health.jobs.inQueue).toBe(2);
  });
});

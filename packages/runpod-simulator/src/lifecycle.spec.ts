import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, type Problem, type RestPod, startHarness } from './testing/harness.js';

const CREATE = {
  name: 'lifecycle',
  image: 'runpod/pytorch:1.0.2-cu1281-torch280-ubuntu2404',
  gpu: { id: 'NVIDIA H100 80GB HBM3', count: 1 },
  ports: ['8888/http', '22/tcp'],
};

describe('pod lifecycle', () => {
  let h: Harness;
  afterEach(() => h.close());

  async function create(): Promise<RestPod> {
    const response = await h.rest('/pods', { method: 'POST', body: CREATE });
    expect(response.status).toBe(201);
    return (await response.json()) as RestPod;
  }

  const get = (id: string) => h.restJson<RestPod>(`/pods/${id}`);
  const action = (id: string, name: string) =>
    h.rest(`/pods/${id}/action`, { method: 'POST', body: { action: name } });

  it('boots through PROVISIONING and STARTING to RUNNING on the clock', async () => {
    h = await startHarness({ transitions: { provisioningSeconds: 2, startingSeconds: 3 } });
    const pod = await create();
    expect(pod).toMatchObject({
      status: 'PROVISIONING',
      actions: ['stop', 'terminate'],
      runtime: null,
      startedAt: null,
    });
    expect(pod.cost).toBe(2.69);
    expect(pod.id).toMatch(/^[a-z0-9]{14}$/);

    h.advance(2);
    expect((await get(pod.id)).status).toBe('STARTING');
    h.advance(3);
    const running = await get(pod.id);
    expect(running.status).toBe('RUNNING');
    expect(running.actions).toEqual(['stop', 'restart', 'terminate']);
    expect(running.runtime?.uptime).toBe(0);
    expect(running.startedAt).toBe(new Date(Date.parse(pod.createdAt) + 5000).toISOString());
    h.advance(90);
    expect((await get(pod.id)).runtime?.uptime).toBe(90);
  });

  it('stops to EXITED with cost 0 and no runtime, starts again, restarts in place', async () => {
    h = await startHarness({ transitions: { provisioningSeconds: 1, startingSeconds: 1 } });
    const pod = await create();
    h.advance(60);

    const stopped = await action(pod.id, 'stop');
    expect(stopped.status).toBe(200);
    const exited = (await stopped.json()) as RestPod;
    expect(exited).toMatchObject({
      status: 'EXITED',
      cost: 0,
      runtime: null,
      actions: ['start', 'terminate'],
    });

    const again = await action(pod.id, 'stop');
    expect(again.status).toBe(409);
    const problem = (await again.json()) as Problem;
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(problem).toMatchObject({ title: 'Conflict', status: 409 });
    expect(problem.detail).toContain('allowed: start, terminate');

    const started = (await (await action(pod.id, 'start')).json()) as RestPod;
    expect(started.status).toBe('PROVISIONING');
    expect(started.cost).toBe(2.69);
    h.advance(2);
    expect((await get(pod.id)).status).toBe('RUNNING');
    expect((await action(pod.id, 'start')).status).toBe(409);

    h.advance(30);
    const restarted = (await (await action(pod.id, 'restart')).json()) as RestPod;
    expect(restarted.status).toBe('STARTING');
    h.advance(1);
    const back = await get(pod.id);
    expect(back.status).toBe('RUNNING');
    expect(back.runtime?.uptime).toBe(0);
  });

  it('terminates: 204, TERMINATED by id for a while, gone from listings at once, then 404', async () => {
    h = await startHarness({ transitions: { provisioningSeconds: 0, startingSeconds: 0 } });
    const pod = await create();
    const response = await action(pod.id, 'terminate');
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');

    const listed = await h.restJson<{ pods: RestPod[] }>('/pods');
    expect(listed.pods.map((p) => p.id)).not.toContain(pod.id);
    expect(await get(pod.id)).toMatchObject({ status: 'TERMINATED', cost: 0, runtime: null, actions: [] });
    expect((await action(pod.id, 'start')).status).toBe(409);

    h.advance(61);
    const gone = await h.rest(`/pods/${pod.id}`);
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as Problem).title).toBe('Not Found');
  });

  it('DELETE terminates (204) and answers 404 for unknown pods', async () => {
    h = await startHarness();
    const pod = await create();
    expect((await h.rest(`/pods/${pod.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await h.rest(`/pods/${pod.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await h.rest('/pods/nosuchpod00000', { method: 'DELETE' })).status).toBe(404);
    expect((await action('nosuchpod00000', 'stop')).status).toBe(404);
  });

  it('delays stop by stoppingSeconds: still RUNNING and billing until it takes effect', async () => {
    h = await startHarness({
      transitions: { provisioningSeconds: 0, startingSeconds: 0, stoppingSeconds: 5 },
    });
    const pod = await create();
    const pending = (await (await action(pod.id, 'stop')).json()) as RestPod;
    expect(pending).toMatchObject({ status: 'RUNNING', cost: 2.69, actions: ['stop', 'terminate'] });
    expect((await action(pod.id, 'stop')).status).toBe(200);
    expect((await action(pod.id, 'restart')).status).toBe(409);
    h.advance(5);
    expect(await get(pod.id)).toMatchObject({ status: 'EXITED', cost: 0 });
  });

  it('a stuck pod accepts actions and stays RUNNING and billing', async () => {
    h = await startHarness({ transitions: { provisioningSeconds: 0, startingSeconds: 0 } });
    const pod = await create();
    h.sim.control.setStuck(pod.id);
    const stop = await action(pod.id, 'stop');
    expect(stop.status).toBe(200);
    expect(((await stop.json()) as RestPod).status).toBe('RUNNING');
    expect((await action(pod.id, 'terminate')).status).toBe(204);
    h.advance(600);
    expect(await get(pod.id)).toMatchObject({ status: 'RUNNING', cost: 2.69 });
  });

  it('a locked pod cannot be stopped (409) but lists its actions without stop', async () => {
    h = await startHarness({ transitions: { provisioningSeconds: 0, startingSeconds: 0 } });
    const pod = await create();
    const locked = await h.restJson<RestPod>(`/pods/${pod.id}`, { method: 'PATCH', body: { locked: true } });
    expect(locked.actions).toEqual(['terminate']);
    expect((await action(pod.id, 'stop')).status).toBe(409);
  });

  it('PATCH renames in place and restarts the container on an image change', async () => {
    h = await startHarness({ transitions: { provisioningSeconds: 0, startingSeconds: 2 } });
    const pod = await create();
    h.advance(10);
    const renamed = await h.restJson<RestPod>(`/pods/${pod.id}`, {
      method: 'PATCH',
      body: { name: 'renamed' },
    });
    expect(renamed).toMatchObject({ name: 'renamed', status: 'RUNNING' });
    const reimaged = await h.restJson<RestPod>(`/pods/${pod.id}`, {
      method: 'PATCH',
      body: { image: 'python:3.12' },
    });
    expect(reimaged).toMatchObject({ image: 'python:3.12', status: 'STARTING' });
  });

  it('validates bodies: 422 with errors[] for the contract, 400 for rules and bad JSON', async () => {
    h = await startHarness();
    const unknown = await h.rest('/pods', { method: 'POST', body: { ...CREATE, bogus: 1 } });
    expect(unknown.status).toBe(422);
    const problem = (await unknown.json()) as Problem;
    expect(problem).toMatchObject({ title: 'Unprocessable Entity', status: 422 });
    expect(problem.errors).toContain("$: additional properties 'bogus' not allowed");

    const badAction = await h.rest('/pods/x/action', { method: 'POST', body: { action: 'reboot' } });
    expect(badAction.status).toBe(422);
    const extra = await h.rest('/pods/x/action', { method: 'POST', body: { action: 'stop', force: true } });
    expect(((await extra.json()) as Problem).errors).toContain(
      "$: additional properties 'force' not allowed",
    );

    const both = await h.rest('/pods', {
      method: 'POST',
      body: { ...CREATE, cpu: { id: 'cpu3c', vcpuCount: 2 } },
    });
    expect(both.status).toBe(400);
    const noImage = await h.rest('/pods', { method: 'POST', body: { name: 'x', gpu: { id: 'NVIDIA A40' } } });
    expect(noImage.status).toBe(422);
    const badJson = await h.rest('/pods', { method: 'POST', body: '{"name": ' });
    expect(badJson.status).toBe(400);
    const tooMany = await h.rest('/pods', {
      method: 'POST',
      body: { ...CREATE, gpu: { id: 'NVIDIA A40', count: 9 } },
    });
    expect(tooMany.status).toBe(400);
  });

  it('creates CPU pods and picks the profile from SIM_PROFILE', async () => {
    h = await startHarness({ transitions: { provisioningSeconds: 0, startingSeconds: 0 } });
    const cpu = await h.restJson<RestPod & { cpu: unknown }>('/pods', {
      method: 'POST',
      body: { name: 'cpu', image: 'python:3.12', cpu: { id: 'cpu3c', vcpuCount: 4 } },
    });
    expect(cpu.cpu).toEqual({ id: 'cpu3c', vcpuCount: 4, memory: 8 });
    expect(cpu.gpu).toBeUndefined();
    const busy = await h.restJson<RestPod>('/pods', {
      method: 'POST',
      body: { ...CREATE, env: { SIM_PROFILE: 'training' } },
    });
    expect(h.sim.control.listPods().find((p) => p.id === busy.id)?.profile).toBe('training');
    expect((await h.restJson<RestPod>(`/pods/${busy.id}`)).runtime?.gpus[0]?.util).toBeGreaterThan(90);
  });
});

describe('generated fleets', () => {
  it('mixes statuses, profiles and GPU types, the same for the same seed', async () => {
    const a = await startHarness({ pods: 300, seed: 7 });
    const b = await startHarness({ pods: 300, seed: 7 });
    const c = await startHarness({ pods: 300, seed: 8 });
    try {
      const podsA = a.sim.control.listPods();
      expect(podsA).toHaveLength(300);
      expect(b.sim.control.listPods().map((p) => p.id)).toEqual(podsA.map((p) => p.id));
      expect(c.sim.control.listPods().map((p) => p.id)).not.toEqual(podsA.map((p) => p.id));
      expect(new Set(podsA.map((p) => p.status))).toEqual(
        new Set(['RUNNING', 'EXITED', 'PROVISIONING', 'STARTING', 'ERROR']),
      );
      expect(new Set(podsA.map((p) => p.profile)).size).toBe(5);
      expect(new Set(podsA.map((p) => p.gpuTypeId)).size).toBeGreaterThan(8);
      expect(podsA.every((p) => /^[a-z0-9]{14}$/.test(p.id))).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});

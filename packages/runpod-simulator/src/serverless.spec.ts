import { afterEach, describe, expect, it } from 'vitest';
import { type ServerlessHealth } from './types.js';
import { AUTH, type Harness, type Problem, startHarness } from './testing/harness.js';

const EP = 'ep0embeddings1';

interface WorkersResponse {
  workers: {
    id: string;
    status: string;
    isStale: boolean;
    uptimeSeconds: number | null;
    startedAt: string | null;
  }[];
  summary: {
    running: number;
    idle: number;
    initializing: number;
    throttled: number;
    unhealthy: number;
    total: number;
  };
  endpointVersion: number;
}

describe('serverless', () => {
  let h: Harness;
  afterEach(() => h.close());

  const start = () =>
    startHarness({
      endpoints: [
        {
          id: EP,
          name: 'embeddings',
          pools: ['ADA_24'],
          workers: { min: 0, max: 3, idleTimeout: 5 },
          coldStartSeconds: 3,
        },
      ],
    });

  async function health(): Promise<ServerlessHealth> {
    const response = await fetch(`${h.sim.serverlessUrl}/${EP}/health`, { headers: AUTH });
    expect(response.status).toBe(200);
    return (await response.json()) as ServerlessHealth;
  }

  async function workers(): Promise<WorkersResponse> {
    const body = await h.restJson<WorkersResponse>(`/serverless/${EP}/workers`);
    const { summary } = body;
    // The spec's invariant: running + idle + initializing + throttled + unhealthy == total == len(workers).
    expect(
      summary.running + summary.idle + summary.initializing + summary.throttled + summary.unhealthy,
    ).toBe(summary.total);
    expect(summary.total).toBe(body.workers.length);
    return body;
  }

  it('scales workers with queued jobs up to max and back down after idleTimeout', async () => {
    h = await start();
    expect(await health()).toEqual({
      jobs: { completed: 0, failed: 0, inProgress: 0, inQueue: 0, retried: 0 },
      workers: { idle: 0, initializing: 0, ready: 0, running: 0, throttled: 0, unhealthy: 0 },
    });

    const queued = await h.control(`/endpoints/${EP}/jobs`, {
      method: 'POST',
      body: { count: 5, durationSeconds: 10 },
    });
    expect(queued.status).toBe(202);
    expect(((await queued.json()) as ServerlessHealth).jobs.inQueue).toBe(5);
    expect((await workers()).summary).toMatchObject({ initializing: 3, total: 3 });
    expect((await workers()).workers[0]).toMatchObject({
      status: 'INITIALIZING',
      uptimeSeconds: null,
      startedAt: null,
    });

    h.advance(3);
    expect(await health()).toMatchObject({
      jobs: { inProgress: 3, inQueue: 2, completed: 0 },
      workers: { running: 3, idle: 0, initializing: 0 },
    });

    h.advance(10);
    expect(await health()).toMatchObject({
      jobs: { completed: 3, inProgress: 2, inQueue: 0 },
      workers: { running: 2, idle: 1, ready: 1 },
    });

    h.advance(5);
    expect((await workers()).summary).toMatchObject({ running: 2, idle: 0, total: 2 });

    h.advance(5);
    expect(await health()).toMatchObject({
      jobs: { completed: 5, inProgress: 0 },
      workers: { idle: 2, running: 0 },
    });
    h.advance(5);
    expect((await workers()).summary.total).toBe(0);
  });

  it('counts failed jobs', async () => {
    h = await start();
    h.sim.control.enqueueJobs(EP, { count: 2, durationSeconds: 1, fail: true });
    h.advance(10);
    expect((await health()).jobs).toMatchObject({ completed: 0, failed: 2 });
  });

  it('keeps workers.min warm and scales to zero when PATCH sets min to 0', async () => {
    h = await start();
    const patched = await h.rest(`/serverless/${EP}`, { method: 'PATCH', body: { workers: { min: 2 } } });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { workers: unknown }).workers).toEqual({
      min: 2,
      max: 3,
      idleTimeout: 5,
    });
    expect((await workers()).summary).toMatchObject({ initializing: 2, total: 2 });
    h.advance(3600);
    expect((await workers()).summary).toMatchObject({ idle: 2, total: 2 });

    const zero = await h.rest(`/serverless/${EP}`, { method: 'PATCH', body: { workers: { min: 0 } } });
    expect(zero.status).toBe(200);
    expect((await workers()).summary).toMatchObject({ total: 0, running: 0, initializing: 0 });
  });

  it('marks live workers stale after a container change', async () => {
    h = await start();
    h.sim.control.enqueueJobs(EP, { count: 1, durationSeconds: 60 });
    h.advance(4);
    const updated = await h.rest(`/serverless/${EP}`, { method: 'PATCH', body: { image: 'runpod/new:2' } });
    expect(updated.status).toBe(200);
    const body = await workers();
    expect(body.endpointVersion).toBe(2);
    expect(body.workers[0]).toMatchObject({ status: 'RUNNING', isStale: true });
  });

  it('validates PATCH bodies and answers 404 for unknown endpoints', async () => {
    h = await start();
    const unknownField = await h.rest(`/serverless/${EP}`, {
      method: 'PATCH',
      body: { workers: { min: 1, bogus: 2 } },
    });
    expect(unknownField.status).toBe(422);
    expect(((await unknownField.json()) as Problem).errors).toContain(
      "$.workers: additional properties 'bogus' not allowed",
    );
    const inverted = await h.rest(`/serverless/${EP}`, {
      method: 'PATCH',
      body: { workers: { min: 4, max: 2 } },
    });
    expect(inverted.status).toBe(400);
    const requestCount = await h.rest(`/serverless/${EP}`, {
      method: 'PATCH',
      body: { scaling: { type: 'REQUEST_COUNT', requestCount: 2 }, workers: { idleTimeout: 10 } },
    });
    expect(requestCount.status).toBe(400);
    expect(
      (await h.rest('/serverless/nosuchendpoint', { method: 'PATCH', body: { name: 'x' } })).status,
    ).toBe(404);
    expect((await h.rest('/serverless/nosuchendpoint/workers')).status).toBe(404);
    expect((await fetch(`${h.sim.serverlessUrl}/nosuchendpoint/health`, { headers: AUTH })).status).toBe(404);
  });

  it('lists endpoints with queue request URLs on the simulator', async () => {
    h = await start();
    const { endpoints } = await h.restJson<{ endpoints: { id: string; requestUrls: { health: string } }[] }>(
      '/serverless',
    );
    expect(endpoints.map((ep) => ep.id)).toEqual([EP]);
    expect(endpoints[0]?.requestUrls.health).toBe(`${h.sim.serverlessUrl}/${EP}/health`);
  });
});

describe('serverless without a cold start', () => {
  it('hands a job to a new worker at once', async () => {
    const h = await startHarness({
      endpoints: [{ id: 'warmendpoint01', workers: { min: 0, max: 2, idleTimeout: 5 }, coldStartSeconds: 0 }],
    });
    try {
      const health = h.sim.control.enqueueJobs('warmendpoint01', { count: 1, durationSeconds: 10 });
      expect(health).toMatchObject({ jobs: { inProgress: 1, inQueue: 0 }, workers: { running: 1 } });
      h.advance(10);
      expect(h.sim.control.endpointHealth('warmendpoint01')).toMatchObject({
        jobs: { completed: 1 },
        workers: { idle: 1 },
      });
      h.advance(5);
      expect(h.sim.control.endpointHealth('warmendpoint01').workers.idle).toBe(0);
    } finally {
      await h.close();
    }
  });
});

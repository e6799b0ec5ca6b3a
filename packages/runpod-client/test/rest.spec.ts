import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, RunpodError, type RunpodClient } from '../src/index.js';
import { CREATE_MARKER_ENV } from '../src/resources/pods.js';
import { clientFor, requestCounts, resetRequestCounts, startSim, type Simulator } from './helpers.js';

const RUNNING_ID = 'runningpod0001';
const EXITED_ID = 'exitedpod00001';
const SPARE_ID = 'sparepod000001';
const ENDPOINT_ID = 'endpoint000001';

describe('REST v2 and serverless against the simulator', () => {
  let sim: Simulator;
  let sut: RunpodClient;

  beforeAll(async () => {
    sim = await startSim({
      rateLimit: { perMinute: 10_000, perHour: 100_000, perDay: 1_000_000 },
      pods: [
        { id: RUNNING_ID, name: 'trainer', status: 'RUNNING', profile: 'training', gpuCount: 2 },
        { id: EXITED_ID, name: 'parked', status: 'EXITED' },
        { id: SPARE_ID, name: 'spare', status: 'RUNNING', profile: 'idle' },
      ],
      endpoints: [{ id: ENDPOINT_ID, name: 'inference', workers: { min: 1, max: 3 } }],
    });
    sut = clientFor(sim);
  });

  afterAll(async () => {
    await sim.close();
  });

  describe('pods', () => {
    it('lists every pod with live runtime in one call', async () => {
      await resetRequestCounts(sim);
      const pods = await sut.pods.list();
      expect(pods.map((pod) => pod.id).sort()).toEqual([EXITED_ID, RUNNING_ID, SPARE_ID].sort());
      const running = pods.find((pod) => pod.id === RUNNING_ID);
      expect(running).toMatchObject({ name: 'trainer', status: 'RUNNING', gpu: { count: 2 } });
      expect(running?.runtime?.gpus).toHaveLength(2);
      expect(running?.costPerHr).toBeGreaterThan(0);
      expect(running?.createdAt).toBeInstanceOf(Date);
      expect(pods.find((pod) => pod.id === EXITED_ID)).toMatchObject({
        status: 'EXITED',
        runtime: null,
        costPerHr: 0,
      });
      expect(await requestCounts(sim)).toEqual({ 'GET /v2/pods': 1 });
    });

    it('lists with the spec filter includeClusterPods', async () => {
      const pods = await sut.pods.list({ includeClusterPods: true });
      expect(pods.length).toBeGreaterThanOrEqual(3);
    });

    it('follows nextCursor across pages, and asks for cluster members when told', async () => {
      const paged = await startSim({
        pageSize: 2,
        pods: [
          { id: 'pagedpod000001' },
          { id: 'pagedpod000002' },
          { id: 'clustermember1', cluster: { id: 'cluster_abc123' } },
          { id: 'pagedpod000003' },
        ],
      });
      try {
        const client = clientFor(paged);
        await resetRequestCounts(paged);
        const standalone = await client.pods.list();
        expect(standalone.map((pod) => pod.id)).toEqual([
          'pagedpod000001',
          'pagedpod000002',
          'pagedpod000003',
        ]);
        expect(await requestCounts(paged)).toEqual({ 'GET /v2/pods': 2 });
        const all = await client.pods.list({ includeClusterPods: true });
        expect(all.map((pod) => pod.id)).toEqual([
          'pagedpod000001',
          'pagedpod000002',
          'clustermember1',
          'pagedpod000003',
        ]);
        expect(paged.contractViolations()).toEqual([]);
      } finally {
        await paged.close();
      }
    });

    it('gets one pod', async () => {
      const pod = await sut.pods.get(RUNNING_ID);
      expect(pod).toMatchObject({ id: RUNNING_ID, actions: expect.arrayContaining(['stop']) as unknown });
    });

    it('throws NotFoundError with the problem document for an unknown pod', async () => {
      const error = await sut.pods.get('doesnotexist00').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ status: 404, route: '/v2/pods/{id}', method: 'GET' });
      expect((error as NotFoundError).problem?.status).toBe(404);
    });

    it('encodes path parameters, so an id cannot reach another route', async () => {
      await expect(sut.pods.get(`${RUNNING_ID}/action`)).rejects.toBeInstanceOf(NotFoundError);
      await expect(sut.pods.get('..')).rejects.toBeInstanceOf(RunpodError);
    });

    it('creates a pod, marked with the idempotency key', async () => {
      await resetRequestCounts(sim);
      const result = await sut.pods.create(
        {
          name: 'created',
          image: 'runpod/pytorch:2.1.0',
          gpu: { id: 'NVIDIA GeForce RTX 4090', count: 1 },
          env: { A: '1' },
        },
        { idempotencyKey: 'create-test-1' },
      );
      expect(result.recoveredAfter).toBeNull();
      expect(result.idempotencyKey).toBe('create-test-1');
      expect(result.pod).toMatchObject({
        name: 'created',
        env: { A: '1', [CREATE_MARKER_ENV]: 'create-test-1' },
      });
      expect(await requestCounts(sim)).toEqual({ 'POST /v2/pods': 1 });
      await sut.pods.delete(result.pod.id);
    });

    it('updates a pod', async () => {
      const pod = await sut.pods.update(SPARE_ID, { name: 'spare-renamed' });
      expect(pod.name).toBe('spare-renamed');
    });

    it('stops, starts, restarts and terminates through the action route', async () => {
      const stopped = await sut.pods.stop(SPARE_ID);
      expect(stopped.status).toBe('EXITED');
      expect(stopped.costPerHr).toBe(0);

      const started = await sut.pods.start(SPARE_ID);
      expect(['PROVISIONING', 'STARTING', 'RUNNING']).toContain(started.status);

      const restarted = await sut.pods.restart(RUNNING_ID);
      expect(restarted.id).toBe(RUNNING_ID);

      expect(await sut.pods.action(EXITED_ID, 'terminate')).toBeNull();
      const gone = await sut.pods.get(EXITED_ID).catch((e: unknown) => e);
      expect(gone instanceof NotFoundError || (gone as { status?: string }).status === 'TERMINATED').toBe(
        true,
      );
    });

    it('answers an action that is not valid now with ConflictError, and does not retry it', async () => {
      const parked = (await sut.pods.create({ name: 'parked-2', image: 'img:1', gpu: { id: 'NVIDIA A40' } }))
        .pod;
      await sut.pods.stop(parked.id);
      await resetRequestCounts(sim);
      const error = await sut.pods.stop(parked.id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect(await requestCounts(sim)).toEqual({ 'POST /v2/pods/{id}/action': 1 });
      await sut.pods.delete(parked.id);
    });

    it('deletes a pod', async () => {
      const pod = (await sut.pods.create({ name: 'short-lived', image: 'img:1', gpu: { id: 'NVIDIA A40' } }))
        .pod;
      await sut.pods.delete(pod.id);
      const listed = await sut.pods.list();
      expect(listed.some((p) => p.id === pod.id && p.status !== 'TERMINATED')).toBe(false);
    });
  });

  describe('serverless endpoints', () => {
    it('lists and gets endpoints', async () => {
      const endpoints = await sut.endpoints.list();
      expect(endpoints.map((endpoint) => endpoint.id)).toContain(ENDPOINT_ID);
      const endpoint = await sut.endpoints.get(ENDPOINT_ID);
      expect(endpoint).toMatchObject({ id: ENDPOINT_ID, name: 'inference', workers: { min: 1, max: 3 } });
    });

    it('updates workers.min', async () => {
      const endpoint = await sut.endpoints.update(ENDPOINT_ID, { workers: { min: 0 } });
      expect(endpoint.workers.min).toBe(0);
    });

    it('reads workers with their summary', async () => {
      const workers = await sut.endpoints.workers(ENDPOINT_ID);
      const { summary } = workers;
      expect(summary.total).toBe(
        summary.running + summary.idle + summary.initializing + summary.throttled + summary.unhealthy,
      );
      expect(workers.workers).toHaveLength(summary.total);
    });

    it('reads /health', async () => {
      await resetRequestCounts(sim);
      const health = await sut.serverless.health(ENDPOINT_ID);
      expect(Object.keys(health.workers).sort()).toEqual(
        ['idle', 'initializing', 'ready', 'running', 'throttled', 'unhealthy'].sort(),
      );
      expect(health.jobs.inQueue).toBeGreaterThanOrEqual(0);
      expect(Object.keys(await requestCounts(sim))).toEqual(['GET /serverless/v2/{id}/health']);
    });
  });

  describe('billing', () => {
    it('reads pod billing', async () => {
      const billing = await sut.billing.pods({ bucketSize: 'day', lastN: 2 });
      expect(billing.bucketSize).toBe('day');
      for (const record of billing.records) expect(record.startTime).toBeInstanceOf(Date);
      expect(billing.totals.totalAmount).toBeGreaterThanOrEqual(0);
    });

    it('reads pod billing for one pod over a time range', async () => {
      const end = new Date();
      const billing = await sut.billing.pods({
        podId: RUNNING_ID,
        bucketSize: 'hour',
        startTime: new Date(end.getTime() - 6 * 3_600_000),
        endTime: end,
      });
      expect(billing.records.every((record) => record.podId === RUNNING_ID)).toBe(true);
    });

    it('reads serverless billing', async () => {
      const billing = await sut.billing.serverless({ bucketSize: 'day', serverlessId: ENDPOINT_ID });
      expect(billing.records.every((record) => record.serverlessId === ENDPOINT_ID)).toBe(true);
      expect(billing.totals.feeAmount).toBeGreaterThanOrEqual(0);
    });
  });

  describe('GPU catalog', () => {
    it('lists GPU types and gets one by an id with spaces', async () => {
      const gpus = await sut.catalog.gpuTypes({ include: ['AVAILABILITY'], product: ['POD'] });
      expect(gpus.length).toBeGreaterThan(0);
      const gpu = await sut.catalog.gpuType('NVIDIA GeForce RTX 4090');
      expect(gpu).toMatchObject({ id: 'NVIDIA GeForce RTX 4090', manufacturer: 'NVIDIA' });
      expect(gpu.memoryGb).toBeGreaterThan(0);
    });
  });

  it('exposes the last rate-limit state', () => {
    const state = sut.getRateLimit('rest');
    expect(state?.windows.map((window) => window.name)).toEqual(['minute', 'hour', 'day']);
    expect(state?.remaining).toBeGreaterThan(0);
    expect(state?.blockedUntil).toBeNull();
  });

  it('sent nothing the spec does not allow, and got nothing the spec does not allow', () => {
    expect(sim.contractViolations()).toEqual([]);
  });
});

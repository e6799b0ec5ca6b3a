import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortedError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  MalformedResponseError,
  PodCreateUnconfirmedError,
  RateLimitError,
  TimeoutError,
  UnprocessableEntityError,
  type RequestEvent,
  type ResponseEvent,
  type RetryEvent,
} from '../src/index.js';
import { CREATE_MARKER_ENV } from '../src/resources/pods.js';
import {
  API_KEY,
  addFault,
  addSimPod,
  clearFaults,
  clientFor,
  recordingSleep,
  requestCounts,
  resetRequestCounts,
  refusedUrl,
  startSim,
  type Simulator,
} from './helpers.js';

const POD_ID = 'steadypod00001';
const GPU = { id: 'NVIDIA GeForce RTX 4090', count: 1 };

describe('retries, timeouts and faults', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSim({ pods: [{ id: POD_ID, name: 'steady', status: 'RUNNING' }] });
  });

  afterEach(async () => {
    await clearFaults(sim);
    await resetRequestCounts(sim);
  });

  afterAll(async () => {
    expect(sim.contractViolations()).toEqual([]);
    await sim.close();
  });

  describe('reads', () => {
    it('waits the Retry-After of a 429, then succeeds', async () => {
      const { delays, sleep } = recordingSleep();
      const retries: RetryEvent[] = [];
      const sut = clientFor(sim, { sleep, onRetry: (event) => retries.push(event) });
      await addFault(sim, { route: 'GET /v2/pods', kind: 'rate-limit', retryAfterSeconds: 3, times: 1 });

      const pods = await sut.pods.list();

      expect(pods.map((pod) => pod.id)).toContain(POD_ID);
      expect(delays).toEqual([3000]);
      expect(retries).toMatchObject([
        { attempt: 1, delayMs: 3000, delaySource: 'server', route: '/v2/pods' },
      ]);
      expect(retries[0]?.error).toBeInstanceOf(RateLimitError);
      expect(await requestCounts(sim)).toEqual({ 'GET /v2/pods': 2 });
    });

    it('waits a real one-second Retry-After when no sleep is injected', async () => {
      const sut = clientFor(sim);
      await addFault(sim, { route: 'GET /v2/pods/{id}', kind: 'rate-limit', retryAfterSeconds: 1, times: 1 });
      await expect(sut.pods.get(POD_ID)).resolves.toMatchObject({ id: POD_ID });
      expect(await requestCounts(sim)).toEqual({ 'GET /v2/pods/{id}': 2 });
    });

    it('gives a 429 back at once when its Retry-After exceeds maxRetryWaitMs', async () => {
      const { delays, sleep } = recordingSleep();
      const sut = clientFor(sim, { sleep, maxRetryWaitMs: 60_000 });
      await addFault(sim, { route: 'GET /v2/pods', kind: 'rate-limit', retryAfterSeconds: 120, times: 1 });

      const error = await sut.pods.list().catch((e: unknown) => e);

      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as RateLimitError).retryAfterMs).toBe(120_000);
      expect(delays).toEqual([]);
      expect(await requestCounts(sim)).toEqual({ 'GET /v2/pods': 1 });
    });

    it('retries 503 twice with exponential backoff, then succeeds', async () => {
      const { delays, sleep } = recordingSleep();
      const requests: RequestEvent[] = [];
      const responses: ResponseEvent[] = [];
      const sut = clientFor(sim, {
        sleep,
        onRequest: (event) => requests.push(event),
        onResponse: (event) => responses.push(event),
      });
      await addFault(sim, { route: 'GET /v2/pods', kind: 'status', status: 503, times: 2 });

      await expect(sut.pods.list()).resolves.toHaveLength(1);

      expect(await requestCounts(sim)).toEqual({ 'GET /v2/pods': 3 });
      expect(delays).toEqual([500, 1000]);
      expect(requests.map((event) => event.attempt)).toEqual([1, 2, 3]);
      expect(responses.map((event) => [event.attempt, event.status, event.route])).toEqual([
        [1, 503, '/v2/pods'],
        [2, 503, '/v2/pods'],
        [3, 200, '/v2/pods'],
      ]);
      expect(responses.every((event) => event.durationMs >= 0)).toBe(true);
    });

    it('keeps the jitter within 25 % below the base delay', async () => {
      const { delays, sleep } = recordingSleep();
      const sut = clientFor(sim, { sleep, random: () => 0.999 });
      await addFault(sim, { route: 'GET /v2/pods', kind: 'status', status: 500, times: 2 });
      await sut.pods.list();
      expect(delays).toEqual([375, 750]);
    });

    it('stops after maxRetries and throws the last error', async () => {
      const { delays, sleep } = recordingSleep();
      const sut = clientFor(sim, { sleep, maxRetries: 2 });
      await addFault(sim, { route: 'GET /v2/pods', kind: 'status', status: 500, message: 'upstream down' });

      const error = await sut.pods.list().catch((e: unknown) => e);

      expect(error).toBeInstanceOf(InternalServerError);
      expect((error as InternalServerError).message).toContain('upstream down');
      expect(delays).toHaveLength(2);
      expect(await requestCounts(sim)).toEqual({ 'GET /v2/pods': 3 });
    });

    it('honours a per-call maxRetries', async () => {
      const sut = clientFor(sim, { sleep: recordingSleep().sleep });
      await addFault(sim, { route: 'GET /v2/pods', kind: 'status', status: 502 });
      await expect(sut.pods.list(undefined, { maxRetries: 0 })).rejects.toBeInstanceOf(InternalServerError);
      expect(await requestCounts(sim)).toEqual({ 'GET /v2/pods': 1 });
    });

    it('never retries other 4xx', async () => {
      const sut = clientFor(sim, { sleep: recordingSleep().sleep });
      await addFault(sim, { route: 'GET /v2/pods', kind: 'status', status: 400, times: 1 });
      await expect(sut.pods.list()).rejects.toBeInstanceOf(BadRequestError);
      expect(await requestCounts(sim)).toEqual({ 'GET /v2/pods': 1 });
    });

    it('times out on a hang within timeoutMs', async () => {
      const sut = clientFor(sim, { timeoutMs: 200, maxRetries: 0 });
      await addFault(sim, { route: 'GET /v2/pods', kind: 'hang' });
      const error = await sut.pods.list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as TimeoutError).timeoutMs).toBe(200);
    });

    it('retries a timed-out read, with a per-call timeout', async () => {
      const sut = clientFor(sim, { sleep: recordingSleep().sleep });
      await addFault(sim, { route: 'GET /v2/pods/{id}', kind: 'hang', times: 1 });
      await expect(sut.pods.get(POD_ID, { timeoutMs: 200 })).resolves.toMatchObject({ id: POD_ID });
      expect(await requestCounts(sim)).toEqual({ 'GET /v2/pods/{id}': 2 });
    });

    it('aborts a hung request when the caller aborts', async () => {
      const sut = clientFor(sim, { timeoutMs: 30_000 });
      await addFault(sim, { route: 'GET /v2/pods', kind: 'hang' });
      const controller = new AbortController();
      const pending = sut.pods.list(undefined, { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await expect(pending).rejects.toBeInstanceOf(AbortedError);
    });

    it('retries a malformed body, and reports one that persists', async () => {
      const sut = clientFor(sim, { sleep: recordingSleep().sleep });
      await addFault(sim, { route: 'GET /v2/pods', kind: 'malformed', times: 1 });
      await expect(sut.pods.list()).resolves.toHaveLength(1);
      expect(await requestCounts(sim)).toEqual({ 'GET /v2/pods': 2 });

      await addFault(sim, { route: 'GET /v2/pods', kind: 'malformed' });
      const error = await sut.pods.list(undefined, { maxRetries: 0 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MalformedResponseError);
      expect((error as MalformedResponseError).status).toBe(200);
    });

    it('retries a connection reset, and reports one that persists', async () => {
      const sut = clientFor(sim, { sleep: recordingSleep().sleep });
      await addFault(sim, { route: 'GET /v2/pods', kind: 'reset', times: 1 });
      await expect(sut.pods.list()).resolves.toHaveLength(1);

      await addFault(sim, { route: 'GET /v2/pods', kind: 'reset' });
      await expect(sut.pods.list(undefined, { maxRetries: 0 })).rejects.toBeInstanceOf(ConnectionError);
    });

    it('reports a refused connection as ConnectionError', async () => {
      const sut = clientFor(sim, { restUrl: await refusedUrl('/v2'), maxRetries: 0 });
      const error = await sut.pods.list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error).not.toBeInstanceOf(TimeoutError);
      expect(error).toMatchObject({ code: 'ECONNREFUSED', neverSent: true });
    });

    it('rejects a wrong key with AuthenticationError on every API', async () => {
      const sut = clientFor(sim, { apiKey: 'rpa_WRONG', maxRetries: 0 });
      await expect(sut.pods.list()).rejects.toBeInstanceOf(AuthenticationError);
      await expect(sut.graphql.accountSpend()).rejects.toBeInstanceOf(AuthenticationError);
    });

    it('retries a GraphQL HTTP failure like any other', async () => {
      const { delays, sleep } = recordingSleep();
      const sut = clientFor(sim, { sleep });
      await addFault(sim, { route: 'POST /graphql', kind: 'status', status: 502, times: 1 });
      await expect(sut.graphql.podsTelemetry()).resolves.toHaveLength(1);
      expect(delays).toEqual([500]);
      expect(await requestCounts(sim)).toEqual({ 'POST /graphql': 2 });
    });

    it('reports GraphQL bodies that are not JSON, and GraphQL hangs, like REST ones', async () => {
      const sut = clientFor(sim, { maxRetries: 0, timeoutMs: 200 });
      await addFault(sim, { route: 'POST /graphql', kind: 'malformed', times: 1 });
      await expect(sut.graphql.accountSpend()).rejects.toBeInstanceOf(MalformedResponseError);
      await addFault(sim, { route: 'POST /graphql', kind: 'hang', times: 1 });
      await expect(sut.graphql.podsTelemetry()).rejects.toBeInstanceOf(TimeoutError);
    });

    it('retries a serverless /health failure', async () => {
      const sut = clientFor(sim, { sleep: recordingSleep().sleep });
      await addFault(sim, { route: 'GET /serverless/v2/{id}/health', kind: 'status', status: 503, times: 1 });
      const error = await sut.serverless.health('unknownendpoint').catch((e: unknown) => e);
      // The retry reached the simulator, which does not know this endpoint.
      expect(await requestCounts(sim)).toEqual({ 'GET /serverless/v2/{id}/health': 2 });
      expect(error).toMatchObject({ status: 404 });
    });
  });

  describe('creates', () => {
    const body = (name: string) => ({ name, image: 'runpod/pytorch:2.1.0', gpu: GPU });

    it('finds the pod a failed create made instead of creating a second one', async () => {
      const { sleep } = recordingSleep();
      const sut = clientFor(sim, { sleep });
      // The pod exists (RunPod created it) but the create answers 500, as NOTES §1.5 records.
      const existing = await addSimPod(sim, {
        name: 'recover-me',
        env: { [CREATE_MARKER_ENV]: 'key-recover' },
      });
      await addFault(sim, { route: 'POST /v2/pods', kind: 'status', status: 500, times: 1 });
      await resetRequestCounts(sim);

      const result = await sut.pods.create(body('recover-me'), { idempotencyKey: 'key-recover' });

      expect(result.pod.id).toBe(existing.id);
      expect(result.recoveredAfter).toBeInstanceOf(InternalServerError);
      expect(await requestCounts(sim)).toEqual({ 'POST /v2/pods': 1, 'GET /v2/pods': 1 });
    });

    it('ignores a pod with the same name but another marker, and sends the create again', async () => {
      const sut = clientFor(sim, { sleep: recordingSleep().sleep });
      await addSimPod(sim, { name: 'twin', env: { [CREATE_MARKER_ENV]: 'someone-else' } });
      await addFault(sim, { route: 'POST /v2/pods', kind: 'status', status: 503, times: 1 });
      await resetRequestCounts(sim);

      const result = await sut.pods.create(body('twin'), { idempotencyKey: 'key-twin' });

      expect(result.recoveredAfter).toBeNull();
      expect(result.pod.env[CREATE_MARKER_ENV]).toBe('key-twin');
      expect(await requestCounts(sim)).toEqual({ 'POST /v2/pods': 2, 'GET /v2/pods': 1 });
      const twins = (await sut.pods.list()).filter((pod) => pod.name === 'twin');
      expect(twins).toHaveLength(2);
    });

    it('looks the pod up after a timed-out create', async () => {
      const sut = clientFor(sim, { sleep: recordingSleep().sleep, timeoutMs: 200 });
      await addFault(sim, { route: 'POST /v2/pods', kind: 'hang', times: 1 });
      await resetRequestCounts(sim);

      const result = await sut.pods.create(body('after-hang'));

      expect(result.recoveredAfter).toBeNull();
      expect(await requestCounts(sim)).toEqual({ 'POST /v2/pods': 2, 'GET /v2/pods': 1 });
    });

    it('retries a 429 without a lookup: a refused request made nothing', async () => {
      const { delays, sleep } = recordingSleep();
      const sut = clientFor(sim, { sleep });
      await addFault(sim, { route: 'POST /v2/pods', kind: 'rate-limit', retryAfterSeconds: 2, times: 1 });
      await resetRequestCounts(sim);

      await sut.pods.create(body('after-429'));

      expect(delays).toEqual([2000]);
      expect(await requestCounts(sim)).toEqual({ 'POST /v2/pods': 2 });
    });

    it('looks once more after the last failure, then throws it', async () => {
      const sut = clientFor(sim, { sleep: recordingSleep().sleep, maxRetries: 1 });
      await addFault(sim, { route: 'POST /v2/pods', kind: 'status', status: 500 });
      await resetRequestCounts(sim);

      await expect(sut.pods.create(body('never'))).rejects.toBeInstanceOf(InternalServerError);

      expect(await requestCounts(sim)).toEqual({ 'POST /v2/pods': 2, 'GET /v2/pods': 2 });
    });

    it('throws PodCreateUnconfirmedError when the lookup fails too, and sends nothing more', async () => {
      const sut = clientFor(sim, { sleep: recordingSleep().sleep });
      await addFault(sim, { route: 'POST /v2/pods', kind: 'status', status: 500 });
      await addFault(sim, { route: 'GET /v2/pods', kind: 'status', status: 500 });
      await resetRequestCounts(sim);

      const error = await sut.pods
        .create(body('unknown-fate'), { idempotencyKey: 'key-fate' })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(PodCreateUnconfirmedError);
      expect(error).toMatchObject({ podName: 'unknown-fate', idempotencyKey: 'key-fate' });
      expect((error as PodCreateUnconfirmedError).cause).toBeInstanceOf(InternalServerError);
      expect((await requestCounts(sim))['POST /v2/pods']).toBe(1);
    });

    it('does not look for a pod when the connection was refused: nothing was sent', async () => {
      const sut = clientFor(sim, { restUrl: await refusedUrl('/v2'), maxRetries: 0 });
      const error = await sut.pods.create(body('unsent')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error).not.toBeInstanceOf(PodCreateUnconfirmedError);
    });

    it('throws a rejected create at once, with no lookup', async () => {
      const sut = clientFor(sim, { sleep: recordingSleep().sleep });
      await resetRequestCounts(sim);
      const error = await sut.pods.create({ name: 'no-image', gpu: GPU }).catch((e: unknown) => e);
      expect(error instanceof UnprocessableEntityError || error instanceof BadRequestError).toBe(true);
      expect(await requestCounts(sim)).toEqual({ 'POST /v2/pods': 1 });
    });
  });

  describe('actions after an ambiguous failure', () => {
    it('returns the stopped pod when the retry of a stop gets 409 because the first stop worked', async () => {
      const sut = clientFor(sim, { sleep: recordingSleep().sleep });
      const { id } = await addSimPod(sim, { name: 'stop-me', status: 'EXITED' });
      await addFault(sim, { route: 'POST /v2/pods/{id}/action', kind: 'status', status: 502, times: 1 });
      await resetRequestCounts(sim);

      const pod = await sut.pods.stop(id);

      expect(pod).toMatchObject({ id, status: 'EXITED' });
      expect(await requestCounts(sim)).toEqual({ 'POST /v2/pods/{id}/action': 2, 'GET /v2/pods/{id}': 1 });
    });

    it('still throws a 409 that no ambiguous failure preceded', async () => {
      const sut = clientFor(sim);
      const { id } = await addSimPod(sim, { name: 'already-stopped', status: 'EXITED' });
      await expect(sut.pods.stop(id)).rejects.toBeInstanceOf(ConflictError);
    });
  });

  it('never puts the key in hook events', async () => {
    const events: unknown[] = [];
    const sut = clientFor(sim, {
      sleep: recordingSleep().sleep,
      onRequest: (event) => events.push(event),
      onResponse: (event) => events.push(event),
      onRetry: (event) => events.push(event),
    });
    await addFault(sim, { route: 'GET /v2/pods', kind: 'status', status: 503, times: 1 });
    await sut.pods.list();
    await sut.graphql.accountSpend();
    expect(events.length).toBeGreaterThan(0);
    expect(JSON.stringify(events)).not.toContain(API_KEY);
  });

  it('survives a hook that throws', async () => {
    const sut = clientFor(sim, {
      onRequest: () => {
        throw new Error('metrics down');
      },
    });
    await expect(sut.pods.get(POD_ID)).resolves.toMatchObject({ id: POD_ID });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_ENDPOINT_IDS, DEMO_POD_IDS } from './fleet.js';
import { OpenApi } from './openapi.js';
import { type Harness, type RestPod, startHarness } from './testing/harness.js';

const EP = DEMO_ENDPOINT_IDS.embeddings;

describe('contract (REST v2 responses against the OpenAPI document)', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('records no violation over every route, success and error paths', async () => {
    h = await startHarness({
      demo: true,
      pods: [
        { id: 'errorpod000001', status: 'ERROR' },
        { id: 'lockedpod00001', locked: true, volumeInGb: 0 },
      ],
      contract: 'record',
      rateLimit: { perMinute: 100_000, perHour: 100_000, perDay: 100_000 },
    });
    const seen = new Map<string, Set<number>>();
    const call = async (method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
      const response = await h.rest(path, {
        method,
        ...(body !== undefined ? { body } : {}),
        ...(headers ? { headers } : {}),
      });
      const key = `${method} ${path.split('?')[0] ?? ''}`;
      seen.set(key, (seen.get(key) ?? new Set()).add(response.status));
      await response.arrayBuffer();
      return response;
    };

    // Pods.
    await call('GET', '/pods');
    await call('GET', '/pods?includeClusterPods=true');
    await call('GET', '/pods?includeClusterPods=maybe');
    const created = (await (
      await h.rest('/pods', {
        method: 'POST',
        body: {
          name: 'contract',
          image: 'runpod/pytorch:1.0.2-cu1281-torch280-ubuntu2404',
          gpu: { id: 'NVIDIA L40S', count: 2, minCudaVersion: '12.4' },
          ports: ['8888/http', '22/tcp'],
          env: { A: 'b' },
          mounts: { persistent: { size: 20, path: '/workspace' } },
          dataCenterIds: ['EU-RO-1', 'US-KS-2'],
          globalNetworking: true,
          startSsh: true,
        },
      })
    ).json()) as RestPod;
    await call('POST', '/pods', { name: 'cpu', image: 'python:3.12', cpu: { id: 'cpu5c', vcpuCount: 2 } });
    await call('POST', '/pods', { name: 'x', image: 'y', gpu: { id: 'NVIDIA A40' }, bogus: true });
    await call('POST', '/pods', {
      name: 'x',
      image: 'y',
      gpu: { id: 'NVIDIA A40' },
      cpu: { id: 'cpu3c', vcpuCount: 2 },
    });
    await call('POST', '/pods', { name: 'x', templateId: 'tpl_missing', gpu: { id: 'NVIDIA A40' } });
    await call('POST', '/pods', { name: 'x', image: 'y', gpu: { id: 'NVIDIA GTX 480' } });
    await call('POST', '/pods', '{"name":');
    await call('POST', '/pods', '');
    await call('GET', `/pods/${created.id}`);
    h.advance(2);
    await call('GET', `/pods/${created.id}`);
    h.advance(10);
    await call('GET', `/pods/${created.id}`);
    await call('GET', '/pods/errorpod000001');
    await call('GET', `/pods/${DEMO_POD_IDS.oldExperiment}`);
    await call('GET', `/pods/${DEMO_POD_IDS.cpuWorker}`);
    await call('GET', '/pods/nosuchpod00000');
    await call('PATCH', `/pods/${created.id}`, { name: 'renamed', locked: false, env: { B: 'c' } });
    await call('PATCH', `/pods/${created.id}`, { mounts: { persistent: { size: 30, path: '/data' } } });
    await call('PATCH', `/pods/${created.id}`, { nope: 1 });
    await call('PATCH', `/pods/${created.id}`, { mounts: { network: [] } });
    await call('PATCH', '/pods/nosuchpod00000', { name: 'x' });
    await call('POST', `/pods/${created.id}/action`, { action: 'restart' });
    await call('POST', `/pods/${created.id}/action`, { action: 'stop' });
    await call('GET', `/pods/${created.id}`);
    await call('POST', `/pods/${created.id}/action`, { action: 'stop' });
    await call('POST', `/pods/${created.id}/action`, { action: 'start' });
    await call('POST', `/pods/${created.id}/action`, { action: 'explode' });
    await call('POST', '/pods/nosuchpod00000/action', { action: 'stop' });
    await call('POST', '/pods/lockedpod00001/action', { action: 'stop' });
    await call('POST', `/pods/${created.id}/action`, { action: 'terminate' });
    await call('GET', `/pods/${created.id}`);
    await call('DELETE', `/pods/${DEMO_POD_IDS.notebook}`);
    await call('DELETE', `/pods/${DEMO_POD_IDS.notebook}`);

    // Serverless.
    h.sim.control.enqueueJobs(EP, { count: 5, durationSeconds: 30 });
    await call('GET', `/serverless/${EP}/workers`);
    h.advance(4);
    await call('GET', `/serverless/${EP}/workers`);
    await call('GET', '/serverless');
    await call('GET', `/serverless/${EP}`);
    await call('GET', '/serverless/nosuchendpoint');
    await call('PATCH', `/serverless/${EP}`, {
      workers: { min: 1, max: 4, idleTimeout: 30 },
      scaling: { type: 'QUEUE_DELAY', queueDelay: 2 },
      gpu: { pools: ['ADA_24'], excludedTypes: ['NVIDIA L4'], count: 1 },
      flashboot: 'OFF',
      timeout: 120000,
    });
    await call('PATCH', `/serverless/${EP}`, { scaling: { type: 'REQUEST_COUNT', requestCount: 3 } });
    await call('GET', `/serverless/${EP}`);
    await call('PATCH', `/serverless/${EP}`, { workers: { min: 9, max: 1 } });
    await call('PATCH', `/serverless/${EP}`, { workers: { min: -1 } });
    await call('PATCH', '/serverless/nosuchendpoint', { name: 'x' });
    await call('GET', '/serverless/nosuchendpoint/workers');

    // Billing.
    h.advance(3600);
    await call('GET', '/billing');
    await call('GET', '/billing?bucketSize=hour&lastN=3');
    await call('GET', '/billing?bucketSize=fortnight');
    await call('GET', '/billing?lastN=2&startTime=2026-01-01T00:00:00Z');
    await call('GET', `/billing/pods?bucketSize=hour&podId=${DEMO_POD_IDS.trainer}`);
    await call(
      'GET',
      '/billing/pods?startTime=2025-12-01T00:00:00Z&endTime=2026-01-02T00:00:00Z&bucketSize=week',
    );
    await call('GET', '/billing/pods?startTime=not-a-time');
    await call('GET', '/billing/serverless?bucketSize=month');
    await call('GET', `/billing/serverless?serverlessId=${EP}&bucketSize=year`);

    // Catalog.
    await call('GET', '/catalog/gpus');
    await call('GET', '/catalog/gpus?include=AVAILABILITY&product=POD,SERVERLESS&count=2&cloud=COMMUNITY');
    await call('GET', '/catalog/gpus?include=AVAILABILITY&product=POD&countryCodes=FR,DE&cudaVersions=12.8');
    await call('GET', '/catalog/gpus?product=POD');
    await call('GET', '/catalog/gpus?include=EVERYTHING');
    await call('GET', '/catalog/gpus/NVIDIA%20GeForce%20RTX%204090');
    await call(
      'GET',
      '/catalog/gpus/AMD%20Instinct%20MI300X%20OAM?include=AVAILABILITY&product=POD&minCudaVersion=12',
    );
    await call('GET', '/catalog/gpus/NVIDIA%20H200?include=AVAILABILITY&product=POD&countryCodes=JP');
    await call('GET', '/catalog/gpus/NVIDIA%20GTX%20480');

    // Auth, methods, unimplemented and unknown paths.
    await call('GET', '/pods', undefined, { authorization: '' });
    await call('PUT', '/pods');
    await call('GET', '/templates');
    await call('GET', '/nothing-here');

    expect(h.sim.contractViolations()).toEqual([]);
    const statuses = new Set([...seen.values()].flatMap((set) => [...set]));
    expect([...statuses].sort()).toEqual([200, 201, 204, 400, 401, 404, 405, 409, 422, 501]);
  });

  it('records no violation on 429 and on a large generated fleet', async () => {
    h = await startHarness({
      pods: 400,
      contract: 'record',
      rateLimit: { perMinute: 3, perHour: 10, perDay: 10 },
    });
    for (let i = 0; i < 4; i++) await (await h.rest('/pods')).arrayBuffer();
    expect((await h.rest('/pods')).status).toBe(429);
    expect(h.sim.contractViolations()).toEqual([]);
  });

  it('catches responses that deviate from the spec (live-API quirks)', async () => {
    h = await startHarness({
      demo: true,
      contract: 'record',
      quirks: { goTimestamps: true, imageName: true },
    });
    await (await h.rest(`/pods/${DEMO_POD_IDS.trainer}`)).arrayBuffer();
    const violations = h.sim.contractViolations();
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ method: 'GET', operationId: 'getPod', status: 200, part: 'body' });
    expect(violations[0]?.errors).toEqual(
      expect.arrayContaining([
        "$: missing property 'image'",
        '$.createdAt: must match format "date-time"',
        '$.startedAt: must match format "date-time"',
      ]),
    );
  });

  it('catches a deliberately wrong body, content type and missing headers', () => {
    const openapi = OpenApi.shared();
    const base = {
      method: 'GET',
      path: '/v2/pods/abc',
      template: '/v2/pods/{id}',
      headers: {},
      expectRateLimitHeaders: false,
    };
    const wrongBody = openapi.checkResponse({
      ...base,
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({ id: 'abc', name: 'x', status: 'SLEEPING' }),
    });
    expect(wrongBody).toHaveLength(1);
    expect(wrongBody[0]?.errors).toEqual(
      expect.arrayContaining([
        "$: missing property 'actions'",
        '$.status: value must be one of "PROVISIONING", "STARTING", "RUNNING", "EXITED", "ERROR", "TERMINATED"',
      ]),
    );
    const wrongType = openapi.checkResponse({
      ...base,
      status: 404,
      contentType: 'application/json',
      body: JSON.stringify({ title: 'Not Found', status: 404, detail: 'x' }),
    });
    expect(wrongType.map((v) => v.part)).toEqual(['content-type']);
    const missingHeaders = openapi.checkResponse({
      ...base,
      path: '/v2/pods',
      template: '/v2/pods',
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({ pods: [] }),
      expectRateLimitHeaders: true,
    });
    expect(missingHeaders.map((v) => v.message)).toEqual([
      'RateLimit is missing on an authenticated response',
      'RateLimit-Policy is missing on an authenticated response',
    ]);
    const badRetryAfter = openapi.checkResponse({
      ...base,
      status: 429,
      contentType: 'application/problem+json',
      headers: { 'retry-after': 'soon', ratelimit: 'lots' },
      body: JSON.stringify({ title: 'Too Many Requests', status: 429, detail: 'x' }),
    });
    expect(badRetryAfter.map((v) => v.part)).toEqual(['header', 'header']);
    const bodyOn204 = openapi.checkResponse({
      ...base,
      method: 'DELETE',
      status: 204,
      contentType: undefined,
      body: '{}',
    });
    expect(bodyOn204.map((v) => v.part)).toEqual(['body']);
  });
});

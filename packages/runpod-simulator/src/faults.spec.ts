import { afterEach, describe, expect, it } from 'vitest';
import { type Fault } from './types.js';
import { AUTH, type Harness, type Problem, startHarness } from './testing/harness.js';

describe('faults', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('answers with an HTTP status (problem+json) the given number of times', async () => {
    h = await startHarness({ demo: true });
    h.sim.control.addFault({ route: 'GET /v2/pods', kind: 'status', status: 502, times: 2 });
    for (let i = 0; i < 2; i++) {
      const response = await h.rest('/pods');
      expect(response.status).toBe(502);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect((await response.json()) as Problem).toMatchObject({ title: 'Bad Gateway', status: 502 });
    }
    expect((await h.rest('/pods')).status).toBe(200);
    expect(h.sim.control.listFaults()).toEqual([]);
  });

  it('matches route templates, concrete paths, methods and wildcards', async () => {
    h = await startHarness({ demo: true });
    h.sim.control.addFault({ route: 'POST /v2/pods/{id}/action', kind: 'status', status: 503 });
    expect((await h.rest('/pods/h7x2k9q4m3p8za')).status).toBe(200);
    const action = await h.rest('/pods/h7x2k9q4m3p8za/action', { method: 'POST', body: { action: 'stop' } });
    expect(action.status).toBe(503);
    h.sim.control.clearFaults();

    h.sim.control.addFault({ route: '/v2/serverless/*', kind: 'status', status: 500 });
    expect((await h.rest('/serverless/e5m8b2d9k3w7qa/workers')).status).toBe(500);
    expect((await h.rest('/serverless')).status).toBe(200);
    h.sim.control.clearFaults();

    h.sim.control.addFault({ kind: 'status', status: 500 });
    expect((await h.rest('/pods')).status).toBe(500);
    expect((await h.graphql('{ myself { id } }')).status).toBe(500);
  });

  it('answers 429 with Retry-After', async () => {
    h = await startHarness({ demo: true });
    h.sim.control.addFault({ route: 'GET /v2/pods', kind: 'rate-limit', retryAfterSeconds: 7, times: 1 });
    const limited = await h.rest('/pods');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(((await limited.json()) as Problem).status).toBe(429);
    expect((await h.rest('/pods')).status).toBe(200);
  });

  it('adds latency and lets the request through', async () => {
    h = await startHarness({ demo: true });
    const fault = h.sim.control.addFault({ route: 'GET /v2/pods', kind: 'latency', latencyMs: 30 });
    expect((await h.rest('/pods')).status).toBe(200);
    expect(h.sim.control.listFaults().find((f) => f.id === fault.id)?.applied).toBe(1);
  });

  it('hangs until the client gives up', async () => {
    h = await startHarness({ demo: true });
    h.sim.control.addFault({ route: 'GET /v2/pods', kind: 'hang' });
    const controller = new AbortController();
    const pending = fetch(`${h.sim.restUrl}/pods`, { headers: AUTH, signal: controller.signal });
    // The request reached the server (it is counted) before the client gives up.
    await expect.poll(() => h.sim.control.requestCounts().routes['GET /v2/pods']).toBe(1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect((await h.rest('/serverless')).status).toBe(200);
  });

  it('hangs until the fault is cleared, then answers normally', async () => {
    h = await startHarness({ demo: true });
    h.sim.control.addFault({ route: 'GET /v2/pods', kind: 'hang' });
    const pending = h.rest('/pods');
    await expect.poll(() => h.sim.control.requestCounts().routes['GET /v2/pods']).toBe(1);
    h.sim.control.clearFaults();
    const response = await pending;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { pods: unknown[] }).pods).toHaveLength(12);
  });

  it('sends a malformed JSON body', async () => {
    h = await startHarness({ demo: true });
    h.sim.control.addFault({ route: 'GET /v2/pods', kind: 'malformed', times: 1 });
    const response = await h.rest('/pods');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it('answers GraphQL errors[] with HTTP 200, only for the matching operation', async () => {
    h = await startHarness({ demo: true });
    h.sim.control.addFault({
      route: 'POST /graphql',
      graphql: 'podStop',
      kind: 'graphql-error',
      message: 'boom',
    });
    const ok = await h.graphql('query myPods { myself { pods { id } } }');
    expect(ok.body.errors).toBeUndefined();
    const failed = await h.graphql(
      'mutation { podStop(input: {podId: "h7x2k9q4m3p8za"}) { id desiredStatus } }',
    );
    expect(failed.status).toBe(200);
    expect(failed.body).toEqual({
      errors: [{ message: 'boom', path: ['podStop'], extensions: { code: 'RUNPOD' } }],
      data: { podStop: null },
    });
    expect(h.sim.control.listPods().find((p) => p.id === 'h7x2k9q4m3p8za')?.status).toBe('RUNNING');
  });

  it('resets the connection', async () => {
    h = await startHarness({ demo: true });
    h.sim.control.addFault({ route: 'GET /serverless/v2/{id}/health', kind: 'reset', times: 1 });
    const url = `${h.sim.serverlessUrl}/e5m8b2d9k3w7qa/health`;
    await expect(fetch(url, { headers: AUTH })).rejects.toThrow();
    expect((await fetch(url, { headers: AUTH })).status).toBe(200);
  });

  it('is managed over the control API: add, list, remove one, clear', async () => {
    h = await startHarness();
    const created = await h.control('/faults', {
      method: 'POST',
      body: [
        { route: 'GET /v2/pods', kind: 'status', status: 500, times: 3 },
        { route: '*', kind: 'latency', latencyMs: 5 },
      ],
    });
    expect(created.status).toBe(201);
    const { faults } = (await created.json()) as { faults: Fault[] };
    expect(faults.map((f) => f.kind)).toEqual(['status', 'latency']);
    expect(faults[0]).toMatchObject({ route: 'GET /v2/pods', status: 500, remaining: 3, applied: 0 });

    expect((await h.control(`/faults/${faults[0]?.id ?? ''}`, { method: 'DELETE' })).status).toBe(204);
    const listed = (await (await h.control('/faults')).json()) as { faults: Fault[] };
    expect(listed.faults.map((f) => f.kind)).toEqual(['latency']);
    expect((await h.control('/faults', { method: 'DELETE' })).status).toBe(204);
    expect(((await (await h.control('/faults')).json()) as { faults: Fault[] }).faults).toEqual([]);

    const bad = await h.control('/faults', { method: 'POST', body: { kind: 'explode' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('kind must be one of');
  });
});

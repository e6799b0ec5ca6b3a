import type { AgentReport } from '@podwatch/shared';
import { describe, expect, it } from 'vitest';
import { deliver, retryAfterMs } from './delivery.js';

const report = { podId: 'pod1', collectedAt: '2026-11-22T12:00:00.000Z' } as unknown as AgentReport;

function answering(status: number, body: unknown, headers: Record<string, string> = {}): typeof fetch {
  return () =>
    Promise.resolve(
      new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers }),
    );
}

describe(deliver.name, () => {
  it('posts the report with the bearer token to /api/v1/agents/report', async () => {
    let seen: { url: string; init: RequestInit } | undefined;
    const fetcher = ((url: string, init: RequestInit) => {
      seen = { url, init };
      return Promise.resolve(
        new Response(JSON.stringify({ podId: 'pod1', instance: 'trainer', recordedAt: 'x', activity: [] })),
      );
    }) as typeof fetch;
    const sut = await deliver(report, {
      url: 'http://podwatch:8080/',
      token: 'secret-token',
      fetch: fetcher,
    });
    expect(sut).toEqual({
      kind: 'delivered',
      result: { podId: 'pod1', instance: 'trainer', recordedAt: 'x', activity: [] },
    });
    expect(seen?.url).toBe('http://podwatch:8080/api/v1/agents/report');
    expect(seen?.init.method).toBe('POST');
    expect(seen?.init.headers).toMatchObject({
      authorization: 'Bearer secret-token',
      'content-type': 'application/json',
    });
    expect(JSON.parse(seen?.init.body as string)).toEqual(report);
  });

  it('drops what the API refuses as invalid, and says why', async () => {
    const problem = {
      title: 'Bad Request',
      status: 400,
      detail: 'Invalid gpu.gpus.0.utilPercent: must be at most 100',
    };
    expect(await deliver(report, { url: 'http://x', fetch: answering(400, problem) })).toEqual({
      kind: 'rejected',
      status: 400,
      reason: '400 Bad Request: Invalid gpu.gpus.0.utilPercent: must be at most 100',
    });
  });

  it('retries what may work later, honouring Retry-After', async () => {
    expect(
      await deliver(report, {
        url: 'http://x',
        fetch: answering(429, { title: 'Too Many Requests' }, { 'retry-after': '30' }),
      }),
    ).toEqual({
      kind: 'failed',
      status: 429,
      reason: '429 Too Many Requests',
      retryAfterMs: 30_000,
    });
    expect(
      await deliver(report, {
        url: 'http://x',
        fetch: answering(401, { title: 'Unauthorized', detail: 'The bearer token is not valid.' }),
      }),
    ).toMatchObject({
      kind: 'failed',
      status: 401,
      reason: '401 Unauthorized: The bearer token is not valid.',
    });
    expect(
      await deliver(report, { url: 'http://x', fetch: answering(502, '<html>bad gateway</html>') }),
    ).toMatchObject({
      kind: 'failed',
      status: 502,
    });
    expect(await deliver(report, { url: 'http://x', fetch: answering(200, 'not json') })).toMatchObject({
      kind: 'failed',
      reason: expect.stringContaining('not JSON') as string,
    });
  });

  it('turns an unreachable API into a failure, not a throw', async () => {
    const sut = await deliver(report, { url: 'http://127.0.0.1:9', timeoutMs: 5_000 });
    expect(sut.kind).toBe('failed');
    expect(sut.kind === 'failed' && sut.reason).toMatch(
      /^cannot reach http:\/\/127\.0\.0\.1:9\/api\/v1\/agents\/report: /,
    );
  });
});

describe(retryAfterMs.name, () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('5')).toBe(5_000);
    expect(retryAfterMs('Sun, 22 Nov 2026 12:00:30 GMT', Date.parse('2026-11-22T12:00:00Z'))).toBe(30_000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, mockFetch } from '@/test-support/mock-fetch';
import { ApiError, clearEtagCache, configureHttp, request, requestRevalidated } from './http';

describe('http client', () => {
  const onAuthFailure = vi.fn();

  beforeEach(() => {
    clearEtagCache();
    onAuthFailure.mockReset();
    configureHttp({ token: () => null, onAuthFailure });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('sends the token, the audit header and a JSON body on a mutation', async () => {
    configureHttp({ token: () => 'secret-admin-token' });
    const { requests } = mockFetch(() => json({ ok: true }));
    await request('/api/v1/instances/notebook/extend', { method: 'POST', body: { duration: '30m' } });
    expect(requests[0]).toMatchObject({
      method: 'POST',
      headers: {
        authorization: 'Bearer secret-admin-token',
        'x-podwatch-client': 'web',
        'content-type': 'application/json',
      },
      body: { duration: '30m' },
    });
  });

  it('sends neither the audit header nor a content type on a plain read', async () => {
    const { requests } = mockFetch(() => json([]));
    await request('/api/v1/prune-runs', { query: { limit: 5, actionsOnly: true, skipped: undefined } });
    expect(requests[0]!.url).toBe('/api/v1/prune-runs?limit=5&actionsOnly=true');
    expect(requests[0]!.headers).not.toHaveProperty('x-podwatch-client');
    expect(requests[0]!.headers).not.toHaveProperty('content-type');
    expect(requests[0]!.headers).not.toHaveProperty('authorization');
  });

  it('revalidates with the last ETag and answers a 304 with the body it already holds', async () => {
    const body = { fleet: 'v1' };
    const { requests } = mockFetch((req) =>
      req.headers['if-none-match'] === 'W/"abc"'
        ? new Response(null, { status: 304 })
        : json(body, { headers: { etag: 'W/"abc"' } }),
    );
    const first = await requestRevalidated<typeof body>('/api/v1/dashboard', { revalidate: true });
    const second = await requestRevalidated<typeof body>('/api/v1/dashboard', { revalidate: true });
    expect(first.changed).toBe(true);
    expect(requests[1]!.headers['if-none-match']).toBe('W/"abc"');
    expect(second.changed).toBe(false);
    expect(second.data).toBe(first.data);
  });

  it('turns a problem+json answer into an ApiError with the detail and the fields', async () => {
    mockFetch(() =>
      json(
        {
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          detail: 'Invalid duration: duration must be a duration such as 30m, 2h or 90s',
          errors: [{ field: 'duration', message: 'duration must be a duration such as 30m, 2h or 90s' }],
        },
        { status: 400 },
      ),
    );
    const error = await request('/api/v1/instances/x/extend', { method: 'POST', body: {} }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      message: 'Invalid duration: duration must be a duration such as 30m, 2h or 90s',
      errors: [{ field: 'duration' }],
    });
  });

  it('tells the session about a 401, with the method that got it', async () => {
    mockFetch(() =>
      json({ title: 'Unauthorized', status: 401, detail: 'The bearer token is not valid.' }, { status: 401 }),
    );
    await expect(request('/api/v1/instances/x/stop', { method: 'POST' })).rejects.toThrow(
      'The bearer token is not valid.',
    );
    expect(onAuthFailure).toHaveBeenCalledWith(expect.objectContaining({ status: 401 }), 'POST');
  });

  it('says the API cannot be reached when the network fails', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('fetch failed'))),
    );
    await expect(request('/api/v1/dashboard')).rejects.toMatchObject({
      status: 0,
      message: 'The Podwatch API cannot be reached.',
    });
  });

  it('rejects a 200 that is not JSON rather than handing on garbage', async () => {
    mockFetch(() => new Response('<html>proxy error</html>', { status: 200 }));
    await expect(request('/api/v1/dashboard')).rejects.toMatchObject({ status: 502 });
  });

  it('accepts the statuses it is told are answers', async () => {
    mockFetch(() => json({ status: 'error' }, { status: 503 }));
    await expect(request('/health', { alsoOk: [503] })).resolves.toEqual({ status: 'error' });
  });
});

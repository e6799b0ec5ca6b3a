import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, type Problem, startHarness } from './testing/harness.js';

const POLICY = '"minute";q=60;w=60, "hour";q=3000;w=3600, "day";q=50000;w=86400';

describe('auth', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('accepts any non-empty bearer key by default and answers 401 without one', async () => {
    h = await startHarness({ demo: true });
    expect((await h.rest('/pods', { headers: { authorization: 'Bearer anything' } })).status).toBe(200);
    const missing = await fetch(`${h.sim.restUrl}/pods`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect((await missing.json()) as Problem).toEqual({
      title: 'Unauthorized',
      status: 401,
      detail: 'missing bearer token',
    });
    expect((await h.rest('/pods', { headers: { authorization: 'Bearer ' } })).status).toBe(401);
    // REST and GraphQL want the Bearer scheme; only /health takes a raw key (NOTES §3).
    expect((await h.rest('/pods', { headers: { authorization: 'raw-key' } })).status).toBe(401);
    expect((await fetch(`${h.sim.graphqlUrl}`, { method: 'POST' })).status).toBe(401);
  });

  it('with apiKey set, any other key gets 401 on all three APIs', async () => {
    h = await startHarness({ demo: true, apiKey: 'right' });
    expect((await h.rest('/pods', { headers: { authorization: 'Bearer right' } })).status).toBe(200);
    const wrong = await h.rest('/pods', { headers: { authorization: 'Bearer wrong' } });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as Problem).detail).toBe('invalid API key');

    const query = '{ myself { id } }';
    expect((await h.graphql(query, undefined, { authorization: 'Bearer wrong' })).status).toBe(401);
    const unauthorized = await h.graphql(query, undefined, {});
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await h.graphql(query, undefined, { authorization: 'Bearer right' })).status).toBe(200);
    const viaQuery = await fetch(`${h.sim.graphqlUrl}?api_key=right`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    expect(viaQuery.status).toBe(200);

    const health = `${h.sim.serverlessUrl}/e5m8b2d9k3w7qa/health`;
    expect((await fetch(health, { headers: { authorization: 'right' } })).status).toBe(200);
    expect((await fetch(health, { headers: { authorization: 'Bearer right' } })).status).toBe(200);
    expect((await fetch(health, { headers: { authorization: 'wrong' } })).status).toBe(401);
    expect((await fetch(health)).status).toBe(401);
  });
});

describe('rate limits', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('publishes RateLimit and RateLimit-Policy on every authenticated REST response', async () => {
    h = await startHarness({ rateLimit: undefined, clock: 'manual' });
    h.sim.control.setClock('2026-01-01T00:00:30.000Z');
    const first = await h.rest('/pods');
    expect(first.headers.get('ratelimit-policy')).toBe(POLICY);
    expect(first.headers.get('ratelimit')).toBe(
      '"minute";r=59;t=30, "hour";r=2999;t=3570, "day";r=49999;t=86370',
    );
    const notFound = await h.rest('/pods/missing');
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('ratelimit')).toMatch(/^"minute";r=58;/);
    const unauthenticated = await fetch(`${h.sim.restUrl}/pods`);
    expect(unauthenticated.headers.get('ratelimit')).toBeNull();
  });

  it('answers 429 with Retry-After when the minute is used up, and again after it resets', async () => {
    h = await startHarness({ rateLimit: { perMinute: 5, perHour: 100, perDay: 1000 } });
    h.sim.control.setClock('2026-01-01T00:00:45.000Z');
    for (let i = 0; i < 5; i++) expect((await h.rest('/pods')).status).toBe(200);
    const limited = await h.rest('/pods');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('15');
    expect(limited.headers.get('ratelimit')).toMatch(/^"minute";r=0;t=15, "hour";r=95;/);
    const problem = (await limited.json()) as Problem;
    expect(problem).toMatchObject({ title: 'Too Many Requests', status: 429 });
    expect(problem.detail).toContain('minute');

    h.advance(14);
    expect((await h.rest('/pods')).status).toBe(429);
    h.advance(1);
    const after = await h.rest('/pods');
    expect(after.status).toBe(200);
    expect(after.headers.get('ratelimit')).toMatch(/^"minute";r=4;t=60, "hour";r=94;/);
  });

  it('counts windows per key and honours the hour window too', async () => {
    h = await startHarness({ rateLimit: { perMinute: 100, perHour: 3, perDay: 1000 } });
    for (let i = 0; i < 3; i++) expect((await h.rest('/pods')).status).toBe(200);
    const limited = await h.rest('/pods');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3600');
    expect(((await limited.json()) as Problem).detail).toContain('hour');
    expect((await h.rest('/pods', { headers: { authorization: 'Bearer other-key' } })).status).toBe(200);
  });

  it('sends no rate-limit headers when limits are off', async () => {
    h = await startHarness({ rateLimit: false });
    const response = await h.rest('/pods');
    expect(response.headers.get('ratelimit')).toBeNull();
    expect(response.headers.get('ratelimit-policy')).toBeNull();
  });
});

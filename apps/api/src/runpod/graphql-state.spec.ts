import { describe, expect, it } from '@jest/globals';
import { ApiError } from '@podwatch/runpod-client';
import { FakeClock } from '../common/clock.js';
import type { AppConfig } from '../config/env.js';
import { GRAPHQL_OFF_NOTICE, GraphqlState } from './graphql-state.js';

const config = (graphql: 'auto' | 'off') => ({ runpod: { graphql } }) as AppConfig;
const graphqlError = (status: number, api: 'graphql' | 'rest' = 'graphql') =>
  ApiError.from({
    status,
    api,
    method: 'POST',
    route: '/graphql',
    headers: {},
    body: null,
    problem: null,
    requestId: null,
    retryAfterMs: null,
    rateLimit: null,
  });

describe(GraphqlState.name, () => {
  it('stays on through a 500, and says it is failing', () => {
    const sut = new GraphqlState(config('auto'), new FakeClock());
    expect(sut.failed(graphqlError(500), 'InternalServerError: 500')).toBe(
      'RunPod GraphQL failed: InternalServerError: 500',
    );
    expect(sut.enabled).toBe(true);
    expect(sut.health()).toMatchObject({ state: 'failing', notice: null });
    sut.succeeded();
    expect(sut.health()).toMatchObject({ state: 'on', lastError: null });
  });

  it.each([
    [410, 'RunPod GraphQL is retired (410 Gone)'],
    [404, 'RunPod GraphQL is retired (404 Not Found)'],
  ])('retires GraphQL for the process on a %i', (status, reason) => {
    const clock = new FakeClock('2027-01-15T08:00:00Z');
    const sut = new GraphqlState(config('auto'), clock);
    expect(sut.failed(graphqlError(status), `${status}`)).toBe(reason);
    expect(sut.enabled).toBe(false);
    expect(sut.health()).toMatchObject({
      state: 'retired',
      retiredAt: '2027-01-15T08:00:00.000Z',
      notice: GRAPHQL_OFF_NOTICE,
    });
  });

  it('never retires on a REST 404, and RUNPOD_GRAPHQL=off never calls it', () => {
    const auto = new GraphqlState(config('auto'), new FakeClock());
    auto.failed(graphqlError(404, 'rest'), '404');
    expect(auto.enabled).toBe(true);
    const off = new GraphqlState(config('off'), new FakeClock());
    expect(off.enabled).toBe(false);
    expect(off.health()).toMatchObject({ state: 'off', mode: 'off', notice: GRAPHQL_OFF_NOTICE });
    expect(off.unavailableReason()).toBe('RunPod GraphQL is switched off (RUNPOD_GRAPHQL=off)');
  });
});

import { MANUAL_CLOCK_START } from '@podwatch/runpod-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitError, type RunpodClient } from '../src/index.js';
import { clientFor, requestCounts, resetRequestCounts, startSim, type Simulator } from './helpers.js';

describe('the RateLimit headers', () => {
  let sim: Simulator;
  let sut: RunpodClient;
  const delays: number[] = [];
  // The client's clock and the simulator's manual clock move together, and only when the client
  // sleeps: a wait the client chooses is exactly the time that passes for the server.
  let now = Date.parse(MANUAL_CLOCK_START);

  beforeAll(async () => {
    sim = await startSim({
      clock: 'manual',
      rateLimit: { perMinute: 2, perHour: 100, perDay: 1000 },
      pods: [{ id: 'limitedpod0001', name: 'limited', status: 'RUNNING' }],
    });
    sut = clientFor(sim, {
      now: () => now,
      sleep: (ms) => {
        delays.push(ms);
        now += ms;
        sim.control.advanceClock(ms);
        return Promise.resolve();
      },
    });
  });

  afterAll(async () => {
    expect(sim.contractViolations()).toEqual([]);
    await sim.close();
  });

  it('tracks the quota, and waits for an exhausted window to reset instead of sending a certain 429', async () => {
    await sut.pods.list();
    expect(sut.getRateLimit()?.remaining).toBe(1);
    await sut.pods.list();
    const exhausted = sut.getRateLimit();
    expect(exhausted?.remaining).toBe(0);
    expect(exhausted?.blockedUntil?.getTime()).toBe(now + 60_000);
    expect(exhausted?.windows.find((window) => window.name === 'minute')).toMatchObject({
      quota: 2,
      windowSeconds: 60,
    });
    await resetRequestCounts(sim);

    await sut.pods.list();

    expect(delays).toEqual([60_000]);
    expect(await requestCounts(sim)).toEqual({ 'GET /v2/pods': 1 });
    expect(sut.getRateLimit()?.remaining).toBe(1);
  });

  it('shares the state with a client derived by withOptions', async () => {
    await sut.pods.list();
    const derived = sut.withOptions({ timeoutMs: 5_000 });
    expect(derived.getRateLimit()?.remaining).toBe(0);
  });

  it('does not wait for a reset further away than maxRetryWaitMs, and the 429 then says why', async () => {
    delays.length = 0;
    const impatient = sut.withOptions({ maxRetryWaitMs: 10_000, maxRetries: 0 });
    const error = await impatient.pods.list().catch((e: unknown) => e);
    expect(delays).toEqual([]);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(60_000);
    expect((error as RateLimitError).rateLimit?.remaining).toBe(0);
  });
});

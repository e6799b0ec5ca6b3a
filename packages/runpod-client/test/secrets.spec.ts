import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortedError,
  ApiError,
  AuthenticationError,
  ConnectionError,
  GraphqlError,
  MalformedResponseError,
  PodCreateUnconfirmedError,
  RateLimitError,
  RunpodClient,
  RunpodError,
  TimeoutError,
} from '../src/index.js';
import {
  API_KEY,
  addFault,
  clearFaults,
  clientFor,
  recordingSleep,
  refusedUrl,
  startSim,
  type Simulator,
} from './helpers.js';

/** Every way an error can be shown, logged or shipped. */
function renderings(error: unknown): string[] {
  const asError = error as Error;
  return [
    String(error),
    asError.message,
    asError.stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
    inspect(asError.cause, { depth: 10, showHidden: true }),
  ];
}

function expectNoKey(error: unknown, key = API_KEY): void {
  expect(error).toBeInstanceOf(RunpodError);
  for (const text of renderings(error)) {
    expect(text).not.toContain(key);
    expect(text).not.toContain(encodeURIComponent(key));
  }
}

describe('the API key never appears in an error', () => {
  let sim: Simulator;
  const errors = new Map<string, unknown>();

  beforeAll(async () => {
    sim = await startSim({ pods: [{ id: 'secretpod00001', name: 'secret', status: 'EXITED' }] });
  });

  afterAll(async () => {
    expect(sim.contractViolations()).toEqual([]);
    await sim.close();
  });

  type Fault = Parameters<typeof addFault>[1];

  async function capture(name: string, faults: Fault | Fault[] | null, run: () => Promise<unknown>) {
    await clearFaults(sim);
    for (const fault of faults === null ? [] : Array.isArray(faults) ? faults : [faults])
      await addFault(sim, fault);
    const error = await run().then(
      () => new Error(`${name} did not fail`),
      (e: unknown) => e,
    );
    await clearFaults(sim);
    errors.set(name, error);
    return error;
  }

  it('for every error kind, even when the server echoes the key', async () => {
    const echo = `invalid token ${API_KEY} (Bearer ${API_KEY})`;
    const { sleep } = recordingSleep();
    const sut = clientFor(sim, { maxRetries: 0, timeoutMs: 200, sleep });
    // The documented GraphQL auth puts the key in the URL; someone may configure it that way.
    const keyInUrl = clientFor(sim, {
      maxRetries: 0,
      graphqlUrl: `${sim.graphqlUrl}?api_key=${API_KEY}`,
      restUrl: await refusedUrl('/v2'),
    });

    for (const status of [400, 401, 403, 404, 409, 422, 429, 500, 503]) {
      const error = await capture(
        `status ${status}`,
        { route: 'GET /v2/pods', kind: 'status', status, message: echo },
        () => sut.pods.list(),
      );
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(status);
    }
    expect(
      await capture('wrong key', null, () =>
        clientFor(sim, { apiKey: `${API_KEY}-old`, maxRetries: 0 }).pods.list(),
      ),
    ).toBeInstanceOf(AuthenticationError);
    expect(
      await capture(
        'rate limit',
        { route: 'GET /v2/pods', kind: 'rate-limit', retryAfterSeconds: 600, message: echo },
        () => sut.pods.list(),
      ),
    ).toBeInstanceOf(RateLimitError);
    expect(
      await capture('timeout', { route: 'GET /v2/pods', kind: 'hang' }, () => sut.pods.list()),
    ).toBeInstanceOf(TimeoutError);
    expect(
      await capture('reset', { route: 'GET /v2/pods', kind: 'reset' }, () => sut.pods.list()),
    ).toBeInstanceOf(ConnectionError);
    expect(await capture('refused', null, () => keyInUrl.pods.list())).toBeInstanceOf(ConnectionError);
    expect(
      await capture('malformed', { route: 'GET /v2/pods', kind: 'malformed' }, () => sut.pods.list()),
    ).toBeInstanceOf(MalformedResponseError);
    expect(
      await capture('graphql errors', { route: 'POST /graphql', kind: 'graphql-error', message: echo }, () =>
        keyInUrl.graphql.podsTelemetry(),
      ),
    ).toBeInstanceOf(GraphqlError);
    expect(
      await capture(
        'graphql status',
        { route: 'POST /graphql', kind: 'status', status: 500, message: echo },
        () => keyInUrl.graphql.accountSpend(),
      ),
    ).toBeInstanceOf(ApiError);
    expect(
      await capture(
        'serverless',
        { route: 'GET /serverless/v2/*', kind: 'status', status: 502, message: echo },
        () => sut.serverless.health('endpoint'),
      ),
    ).toBeInstanceOf(ApiError);
    const aborted = new AbortController();
    aborted.abort();
    expect(
      await capture('aborted', null, () => sut.pods.list(undefined, { signal: aborted.signal })),
    ).toBeInstanceOf(AbortedError);
    expect(
      await capture(
        'create unconfirmed',
        [
          { route: 'POST /v2/pods', kind: 'status', status: 500, message: echo },
          { route: 'GET /v2/pods', kind: 'status', status: 500, message: echo },
        ],
        () => sut.pods.create({ name: 'x', image: 'img:1', gpu: { id: 'NVIDIA A40' } }),
      ),
    ).toBeInstanceOf(PodCreateUnconfirmedError);

    for (const [name, error] of errors) {
      try {
        expectNoKey(error);
      } catch (failure) {
        throw new Error(`${name}: ${(failure as Error).message}`, { cause: failure });
      }
    }
  });

  it('keeps the redacted server text, so errors stay useful', () => {
    const error = errors.get('status 400') as ApiError;
    expect(error.message).toContain('invalid token [REDACTED]');
    expect(JSON.stringify(error.body)).toContain('[REDACTED]');
  });

  it('in a rejected option', () => {
    const error = (() => {
      try {
        return new RunpodClient({ apiKey: API_KEY, restUrl: `https://api.runpod.io/v2?api_key=${API_KEY}` });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).not.toContain(API_KEY);
  });

  it('in the client itself', () => {
    const client = new RunpodClient({ apiKey: API_KEY });
    expect(JSON.stringify(client)).not.toContain(API_KEY);
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(API_KEY);
  });
});

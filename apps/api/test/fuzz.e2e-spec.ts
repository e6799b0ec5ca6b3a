/**
 * Property-based fuzz of every operation in the committed openapi.json (fast-check, seeded so a
 * failure reproduces): over 2,000 malformed requests, with no token, a wrong one, or the admin,
 * read or agent token. Every answer must come back in time, never be a 5xx, and every error must
 * be RFC 9457 problem+json; the server must still answer afterwards.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { RunningSimulator } from '@podwatch/runpod-simulator';
import { CollectorService } from '../src/collector/collector.service.js';
import { loadOperations, requestFor, type FuzzRequest, type Operation } from './support/fuzz-requests.js';
import { runpodEnv, startTestSimulator } from './support/simulator.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from './support/test-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const SEED = 20_261_203;
/** Operations that take a path parameter, a query or a body get most of the runs. */
const RUNS_WITH_INPUT = 85;
const RUNS_WITHOUT_INPUT = 25;
const MIN_REQUESTS = 2_000;
const PER_REQUEST_LIMIT_MS = 10_000;
const READ_TOKEN = 'fuzz-read-token-0123456789';
const AGENT_TOKEN = 'fuzz-agent-token-0123456789';
const POD = 'fuzzpod0000001';

/** What is wrong with an answer, or null when it is fine. */
function fault(response: {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}): string | null {
  if (response.statusCode >= 500) return `${response.statusCode}: ${response.body.slice(0, 200)}`;
  if (response.statusCode < 400) return null;
  const header = response.headers['content-type'];
  const type = typeof header === 'string' ? header : '';
  if (!type.startsWith('application/problem+json'))
    return `${response.statusCode} as ${type || 'no content type'}: ${response.body.slice(0, 200)}`;
  const problem = JSON.parse(response.body) as Record<string, unknown>;
  const wellFormed =
    typeof problem.type === 'string' &&
    typeof problem.title === 'string' &&
    problem.status === response.statusCode &&
    typeof problem.detail === 'string' &&
    (problem.errors === undefined || Array.isArray(problem.errors));
  return wellFormed ? null : `${response.statusCode}, not a problem document: ${response.body.slice(0, 200)}`;
}

const hasInput = (operation: Operation) =>
  operation.body !== undefined || operation.parameters.some((p) => p.in === 'path' || p.in === 'query');

const describeRequest = (request: FuzzRequest) =>
  `${request.method} ${request.url.slice(0, 120)} ${JSON.stringify(request.headers).slice(0, 120)} ` +
  `body=${(request.payload ?? '').slice(0, 120)}`;

describe('fuzzing every operation', () => {
  let db: TestDatabase;
  let sim: RunningSimulator;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sim = await startTestSimulator({ pods: [{ id: POD, name: 'fuzz', profile: 'idle' }] });
    sut = await startTestApp({
      databaseUrl: db.url,
      embedded: db.embedded,
      // The limiter is tested elsewhere; here it would answer most requests with 429 before they are parsed.
      env: {
        ...runpodEnv(sim),
        RUNPOD_TIMEOUT: '2s',
        RUNPOD_MAX_RETRIES: '0',
        PODWATCH_RATE_LIMIT: '0',
        PODWATCH_READ_TOKEN: READ_TOKEN,
        PODWATCH_AGENT_TOKEN: AGENT_TOKEN,
      },
      podwatchYaml: `instances:\n  fuzz:\n    podId: ${POD}\n    inactivity: 1h\n    protect: true\n`,
    });
    await sut.app.get(CollectorService).collect();
  });

  afterAll(async () => {
    await sut?.close();
    await sim?.close();
    await db?.drop();
  });

  it(`answers ${MIN_REQUESTS}+ malformed requests with no 5xx, only problem+json errors, and no hang`, async () => {
    const operations = loadOperations({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'extend_instance', arguments: { instance: 'fuzz', duration: '30m' } },
    });
    expect(operations.length).toBeGreaterThanOrEqual(30);
    const fixtures = {
      pathValues: { name: 'fuzz', id: POD },
      tokens: { admin: TEST_ADMIN_TOKEN, read: READ_TOKEN, agent: AGENT_TOKEN },
      freeformBody: null,
    };
    let sent = 0;
    const failures: string[] = [];
    for (const [index, operation] of operations.entries()) {
      const details = await fc.check(
        fc.asyncProperty(requestFor(operation, fixtures), async (request) => {
          sent += 1;
          const response = await Promise.race([
            sut.app.inject(request),
            new Promise<null>((resolve) => setTimeout(() => resolve(null), PER_REQUEST_LIMIT_MS).unref()),
          ]);
          if (response === null) throw new Error(`no answer within ${PER_REQUEST_LIMIT_MS} ms`);
          const problem = fault(response);
          if (problem !== null) throw new Error(problem);
        }),
        // No shrinking: each step is a request, and the first failing one already says enough.
        {
          seed: SEED + index,
          numRuns: hasInput(operation) ? RUNS_WITH_INPUT : RUNS_WITHOUT_INPUT,
          endOnFailure: true,
        },
      );
      if (details.failed) {
        const [request] = details.counterexample ?? [];
        failures.push(
          `${operation.method} ${operation.path}: ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}` +
            (request ? `\n  request: ${describeRequest(request)}` : '') +
            `\n  replay: seed ${SEED + index}, path ${details.counterexamplePath ?? ''}`,
        );
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(MIN_REQUESTS);
    // Still answering, and still talking to the database.
    expect((await sut.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  }, 120_000);
});

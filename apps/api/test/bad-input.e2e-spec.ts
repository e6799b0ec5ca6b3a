/**
 * Bad input never reaches the database: control characters, deep bodies and `null` for a field
 * that is optional but not nullable are refused with a 400 naming the field; and every refusal,
 * Fastify's and Node's own included, is problem+json on a real listening server (inject() skips
 * Node's HTTP parser, where 431 and malformed requests are answered).
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ProblemDocument } from '@podwatch/shared';
import type { RunningSimulator } from '@podwatch/runpod-simulator';
import { runpodEnv, startTestSimulator } from './support/simulator.js';
import { rawHttp, rawRequest, type RawResponse } from './support/raw-http.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from './support/test-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const json = { ...admin, 'content-type': 'application/json' };
const POD = 'badinputpod001';

function expectProblem(response: RawResponse, status: number): ProblemDocument {
  expect({ status: response.status, type: response.headers['content-type'] }).toEqual({
    status,
    type: expect.stringMatching(/^application\/problem\+json/),
  });
  const problem = JSON.parse(response.body) as ProblemDocument;
  expect(problem).toMatchObject({ type: 'about:blank', status, title: expect.any(String) });
  expect(problem.detail).toEqual(expect.any(String));
  return problem;
}

const fields = (problem: ProblemDocument) => (problem.errors ?? []).map((error) => error.field);

/** `[[[…]]]` nested `depth` levels deep around `inner`. */
const nested = (depth: number, inner = '1') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

describe('bad input', () => {
  let db: TestDatabase;
  let sim: RunningSimulator;
  let sut: TestApp;
  let port: number;

  const send = async (method: string, url: string, body?: string, headers: Record<string, string> = json) => {
    const response = await sut.app.inject({ method: method as 'GET', url, headers, payload: body });
    return {
      status: response.statusCode,
      headers: response.headers as Record<string, string>,
      body: response.body,
    };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    sim = await startTestSimulator({ pods: [{ id: POD, name: 'bad-input', profile: 'idle' }] });
    sut = await startTestApp({
      databaseUrl: db.url,
      embedded: db.embedded,
      env: { ...runpodEnv(sim), PODWATCH_RATE_LIMIT: '0' },
      podwatchYaml: `instances:\n  notebook:\n    podId: ${POD}\n    inactivity: 1h\n    protect: true\n`,
    });
    await sut.app.listen({ port: 0, host: '127.0.0.1' });
    port = (sut.app.getHttpServer().address() as { port: number }).port;
  });

  afterAll(async () => {
    await sut?.close();
    await sim?.close();
    await db?.drop();
  });

  describe('refused with 400 naming the field', () => {
    it('GET /api/v1/pods/%00 names id (over a real socket too)', async () => {
      for (const response of [
        await send('GET', '/api/v1/pods/%00'),
        await rawRequest(port, 'GET', '/api/v1/pods/%00', admin),
      ]) {
        expect(fields(expectProblem(response, 400))).toEqual(['id']);
      }
    });

    it('control characters in path parameters and query strings', async () => {
      const cases: [string, string, string][] = [
        ['GET', '/api/v1/instances/note%00book', 'name'],
        ['POST', '/api/v1/instances/%01/start', 'name'],
        ['GET', '/api/v1/agents?instance=%00', 'instance'],
        ['GET', '/api/v1/agents?podId=a%00b', 'podId'],
        ['GET', '/api/v1/pods?unmanaged=%1b', 'unmanaged'],
      ];
      for (const [method, url, field] of cases) {
        const response = await send(method, url, method === 'POST' ? '{}' : undefined);
        expect({ url, fields: fields(expectProblem(response, 400)) }).toEqual({ url, fields: [field] });
      }
    });

    it('control characters in string fields of a body, at any depth; tab and newline are text', async () => {
      const heartbeat = await send(
        'POST',
        '/api/v1/agents/heartbeat',
        JSON.stringify({ podId: POD, agent: 'claude\u0000', status: 'working', currentTask: 'a\u0007' }),
      );
      expect(fields(expectProblem(heartbeat, 400)).sort()).toEqual(['agent', 'currentTask']);

      const activity = await send(
        'POST',
        '/api/v1/instances/notebook/activity',
        JSON.stringify({ detail: 'line one\n\tline two\r\n' }),
      );
      expect(activity.status).toBe(200);

      const deep = await send(
        'POST',
        '/api/v1/prune',
        JSON.stringify({ instance: [{ 'x\u0000': ['\u0000'] }] }),
      );
      expect(fields(expectProblem(deep, 400)).sort()).toEqual([
        'instance.0."x\\u0000"',
        'instance.0."x\\u0000".0',
      ]);
    });

    it('a POST with JSON nested 5,000 deep, on every route that takes a body', async () => {
      const body = `{"detail":${nested(5_000)}}`;
      for (const url of [
        '/api/v1/agents/heartbeat',
        '/api/v1/agents/report',
        '/api/v1/instances/notebook/activity',
        '/api/v1/instances/notebook/extend',
        `/api/v1/pods/${POD}/actions`,
        '/api/v1/prune',
        '/mcp',
      ]) {
        const response = await send('POST', url, body, {
          ...json,
          accept: 'application/json, text/event-stream',
        });
        expect({ url, problem: expectProblem(response, 400).detail }).toEqual({
          url,
          problem: expect.stringMatching(/more than 32 levels deep/),
        });
      }
    });

    it('32 levels are allowed (the validator judges them), 33 are not', async () => {
      const ok = await send('POST', '/api/v1/prune', `{"instance":${nested(31, '"x"')}}`);
      expect(expectProblem(ok, 400).detail).toMatch(/instance must be a string/);
      const deep = await send('POST', '/api/v1/prune', `{"instance":${nested(32, '"x"')}}`);
      expect(expectProblem(deep, 400).detail).toMatch(/more than 32 levels deep/);
    });

    it('{"instance": null} on the agent heartbeat names instance', async () => {
      const response = await send(
        'POST',
        '/api/v1/agents/heartbeat',
        JSON.stringify({ podId: POD, instance: null, agent: 'claude', status: 'working' }),
      );
      expect(fields(expectProblem(response, 400))).toContain('instance');
      expect(expectProblem(response, 400).detail).toMatch(/instance must not be null/);
      // A field that is nullable still takes null.
      const nullable = await send(
        'POST',
        '/api/v1/agents/heartbeat',
        JSON.stringify({ podId: POD, agent: 'claude', status: 'working', currentTask: null }),
      );
      expect(nullable.status).toBe(200);
    });

    it('POST /api/v1/prune {"dryRun": null} names dryRun (null is not "false")', async () => {
      const response = await send('POST', '/api/v1/prune', JSON.stringify({ dryRun: null }));
      expect(fields(expectProblem(response, 400))).toContain('dryRun');
      const absent = await send('POST', '/api/v1/prune', JSON.stringify({ dryRun: true }));
      expect(absent.status).toBe(200);
    });

    it('null for other optional fields: instance of a prune, detail of an activity', async () => {
      for (const [url, body, field] of [
        ['/api/v1/prune', { instance: null, dryRun: true }, 'instance'],
        ['/api/v1/instances/notebook/activity', { detail: null }, 'detail'],
      ] as const) {
        expect(fields(expectProblem(await send('POST', url, JSON.stringify(body)), 400))).toContain(field);
      }
    });
  });

  describe('every framework refusal is problem+json on a real server', () => {
    it('400 for a body that is not JSON', async () => {
      expectProblem(await rawRequest(port, 'POST', '/api/v1/prune', json, '{"dryRun":'), 400);
    });

    it('400 for a malformed percent-encoding in the path', async () => {
      const problem = expectProblem(await rawRequest(port, 'GET', '/api/v1/pods/%zz', admin), 400);
      expect(problem.detail).toMatch(/percent-encoded/);
    });

    it('404 for an unknown route', async () => {
      expectProblem(await rawRequest(port, 'GET', '/api/v1/nope', { accept: 'application/json' }), 404);
    });

    it('405 for GET and DELETE /mcp', async () => {
      for (const method of ['GET', 'DELETE']) {
        const response = await rawRequest(port, method, '/mcp', { ...admin, accept: 'text/event-stream' });
        expectProblem(response, 405);
        expect(response.headers.allow).toBe('POST');
      }
    });

    it("406 and 415 from the MCP transport's own checks", async () => {
      const message = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
      expectProblem(await rawRequest(port, 'POST', '/mcp', { ...json, accept: 'text/html' }, message), 406);
      expectProblem(
        await rawRequest(
          port,
          'POST',
          '/mcp',
          { ...json, accept: 'application/json, text/event-stream' },
          JSON.stringify({ not: 'json-rpc' }),
        ),
        400,
      );
    });

    it('413 for a body over 1 MB', async () => {
      const body = JSON.stringify({ detail: 'x'.repeat(1_100_000) });
      expectProblem(await rawRequest(port, 'POST', '/api/v1/instances/notebook/activity', json, body), 413);
    });

    it('414 for a path parameter over the length limit', async () => {
      expectProblem(await rawRequest(port, 'GET', `/api/v1/pods/${'a'.repeat(500)}`, admin), 414);
    });

    it('415 for an unsupported or malformed media type', async () => {
      for (const type of ['application/xml', 'multipart/form-data', '}{;;']) {
        const response = await rawRequest(
          port,
          'POST',
          '/api/v1/prune',
          { ...admin, 'content-type': type },
          '<x/>',
        );
        expectProblem(response, 415);
      }
    });

    it('431 for a 20 KB header, answered by the HTTP parser', async () => {
      const problem = expectProblem(
        await rawRequest(port, 'GET', '/api/v1/pods', { ...admin, 'x-padding': 'a'.repeat(20_000) }),
        431,
      );
      expect(problem.detail).toMatch(/headers exceed/);
    });

    it('400 for a request that is not HTTP', async () => {
      expectProblem(await rawHttp(port, 'HELLO THERE\r\n\r\n'), 400);
      expectProblem(await rawHttp(port, 'GET /api/v1/pods HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'), 400);
    });

    it('keeps answering afterwards', async () => {
      expect((await rawRequest(port, 'GET', '/health/live')).status).toBe(200);
    });
  });
});

describe('rate limiting', () => {
  let db: TestDatabase;
  let sim: RunningSimulator;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sim = await startTestSimulator({ pods: 0 });
    sut = await startTestApp({
      databaseUrl: db.url,
      embedded: db.embedded,
      env: { ...runpodEnv(sim), PODWATCH_RATE_LIMIT: '40' },
    });
    await sut.app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await sut?.close();
    await sim?.close();
    await db?.drop();
  });

  it('429 is problem+json with Retry-After on a real server', async () => {
    const port = (sut.app.getHttpServer().address() as { port: number }).port;
    let last: RawResponse | undefined;
    // Mutations are limited to a quarter of the rate (10 a minute here).
    for (let i = 0; i < 11; i += 1) last = await rawRequest(port, 'POST', '/api/v1/prune', json, '{}');
    const problem = expectProblem(last!, 429);
    expect(problem.detail).toMatch(/Rate limit/);
    expect(last!.headers['retry-after']).toBeDefined();
  });
});

/**
 * 1,000 random or malformed requests across every route of the OpenAPI document: bodies, path
 * parameters and query strings. Every answer must be a 2xx/3xx/4xx (never a 5xx) and come back
 * within a bound (never a hung request). Seeded, so a failure reproduces.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningSimulator } from '@podwatch/runpod-simulator';
import { CollectorService } from '../src/collector/collector.service.js';
import { repoRoot } from '../src/paths.js';
import { runpodEnv, startTestSimulator } from './support/simulator.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from './support/test-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const REQUESTS = 1_000;
const PER_REQUEST_LIMIT_MS = 15_000;

/** mulberry32: small, seeded, good enough to pick test inputs. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  queryNames: string[];
  bodyNames: string[];
}

function operations(): Operation[] {
  const document = JSON.parse(readFileSync(join(repoRoot, 'apps', 'api', 'openapi.json'), 'utf8')) as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: { name: string; in: string }[];
          requestBody?: { content?: Record<string, { schema?: { $ref?: string; properties?: object } }> };
        }
      >
    >;
    components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
  };
  const list: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      const ref = schema?.$ref?.split('/').pop();
      const properties = ref ? document.components?.schemas?.[ref]?.properties : schema?.properties;
      list.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        queryNames: (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        bodyNames: Object.keys(properties ?? {}),
      });
    }
  }
  return list;
}

describe('fuzzing every route', () => {
  let db: TestDatabase;
  let sim: RunningSimulator;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sim = await startTestSimulator({ pods: [{ id: 'fuzzpod0000001', name: 'fuzz', profile: 'idle' }] });
    sut = await startTestApp({
      databaseUrl: db.url,
      embedded: db.embedded,
      // The limiter is tested elsewhere; here it would answer most mutations with 429 before they are parsed.
      env: { ...runpodEnv(sim), RUNPOD_TIMEOUT: '2s', RUNPOD_MAX_RETRIES: '0', PODWATCH_RATE_LIMIT: '0' },
      podwatchYaml:
        'prune:\n  confirmTimeout: 1s\ninstances:\n  fuzz:\n    podId: fuzzpod0000001\n    inactivity: 1h\n    protect: true\n',
    });
    await sut.app.get(CollectorService).collect();
  });

  afterAll(async () => {
    await sut?.close();
    await sim?.close();
    await db?.drop();
  });

  it(`answers ${REQUESTS} random and malformed requests with no 5xx and no hang`, async () => {
    const next = random(20_261_122);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const strings = [
      '',
      'fuzz',
      'nope',
      '../../etc/passwd',
      '%00',
      '🚀',
      'a'.repeat(5_000),
      "' or 1=1 --",
      '<script>alert(1)</script>',
      '-1',
      '0',
      '1e309',
      'NaN',
      'null',
      'true',
      '2026-13-45T99:99:99Z',
      '2026-11-22T12:00:00Z',
      '00000000-0000-0000-0000-000000000000',
      'fuzzpod0000001',
      '30m',
      'stop',
    ];
    const values: unknown[] = [
      ...strings,
      0,
      -1,
      1.5,
      2 ** 53,
      true,
      false,
      null,
      [],
      {},
      [1, 'a'],
      { nested: { deeper: [null] } },
    ];
    const routes = operations();
    expect(routes.length).toBeGreaterThan(20);

    const failures: string[] = [];
    for (let i = 0; i < REQUESTS; i += 1) {
      const route = routes[i % routes.length]!;
      const path = route.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(pick(strings)));
      const query = new URLSearchParams();
      for (const name of [...route.queryNames, pick(['x', 'limit', 'from', '__proto__'])]) {
        if (next() < 0.6) query.append(name, pick(strings));
      }
      let payload: string | undefined;
      let contentType = 'application/json';
      if (route.method !== 'GET') {
        const shape = next();
        if (shape < 0.2)
          payload = pick(['{', '{"a":', 'not json', '[]', 'null', '"text"', '{"__proto__":{"x":1}}']);
        else if (shape < 0.3) {
          contentType = pick(['text/plain', 'application/xml', 'multipart/form-data']);
          payload = pick(strings);
        } else if (shape < 0.9) {
          const body: Record<string, unknown> = {};
          for (const name of [...route.bodyNames, pick(['extra', 'constructor', 'jsonrpc'])])
            if (next() < 0.7) body[name] = pick(values);
          payload = JSON.stringify(body);
        } else payload = JSON.stringify(pick(values));
      }
      const withToken = next() < 0.85;
      const started = Date.now();
      const response = await Promise.race([
        sut.app.inject({
          method: route.method,
          url: `${path}${query.size ? `?${query.toString()}` : ''}`,
          headers: {
            ...(withToken ? { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } : {}),
            ...(payload === undefined ? {} : { 'content-type': contentType }),
            accept: 'application/json, text/event-stream',
          },
          ...(payload === undefined ? {} : { payload }),
        }),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), PER_REQUEST_LIMIT_MS)),
      ]);
      const label = `${route.method} ${path}${query.size ? `?${query.toString().slice(0, 80)}` : ''} body=${(payload ?? '').slice(0, 80)}`;
      if (response === null) failures.push(`hung > ${PER_REQUEST_LIMIT_MS} ms: ${label}`);
      else if (response.statusCode >= 500)
        failures.push(
          `${response.statusCode} after ${Date.now() - started} ms: ${label}: ${response.body.slice(0, 200)}`,
        );
    }
    expect(failures).toEqual([]);
  }, 600_000);
});

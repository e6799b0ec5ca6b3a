/**
 * Exposing Podwatch to a team: headers, CORS, body limit, rate limits, token errors, and the
 * RunPod key never leaving the process.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningSimulator } from '@podwatch/runpod-simulator';
import { CollectorService } from '../src/collector/collector.service.js';
import { FakeClock } from '../src/common/clock.js';
import { repoRoot } from '../src/paths.js';
import { PrismaService } from '../src/prisma/prisma.service.js';
import { PruneService } from '../src/prune/prune.service.js';
import { runpodEnv, startTestSimulator, TEST_RUNPOD_KEY } from './support/simulator.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from './support/test-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const READ_TOKEN = 'read-token-0123456789abcdef';

describe('HTTP hardening', () => {
  let db: TestDatabase;
  let sim: RunningSimulator;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sim = await startTestSimulator({ pods: 3 });
    sut = await startTestApp({
      databaseUrl: db.url,
      embedded: db.embedded,
      env: { ...runpodEnv(sim), PODWATCH_READ_TOKEN: READ_TOKEN, PODWATCH_RATE_LIMIT: '30' },
    });
  });

  afterAll(async () => {
    await sut?.close();
    await sim?.close();
    await db?.drop();
  });

  it('sends security headers', async () => {
    const response = await sut.app.inject({ method: 'GET', url: '/health' });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('keeps CORS closed unless origins are configured', async () => {
    const response = await sut.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/dashboard',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers token problems with 401/403 problem+json', async () => {
    const none = await sut.app.inject({ method: 'GET', url: '/api/v1/dashboard' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['content-type']).toMatch(/problem\+json/);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    const read = await sut.app.inject({
      method: 'GET',
      url: '/api/v1/dashboard',
      headers: { authorization: `Bearer ${READ_TOKEN}` },
    });
    expect(read.statusCode).toBe(200);
    const forbidden = await sut.app.inject({
      method: 'POST',
      url: '/api/v1/prune',
      headers: { authorization: `Bearer ${READ_TOKEN}` },
      payload: { dryRun: true },
    });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json<{ detail: string }>().detail).toMatch(/admin token/);
    const health = await sut.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
  });

  it('refuses bodies over 1 MB with 413 problem+json', async () => {
    const response = await sut.app.inject({
      method: 'POST',
      url: '/api/v1/prune',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: JSON.stringify({ dryRun: true, padding: 'x'.repeat(1_100_000) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
  });

  it('limits each client, answering 429 with Retry-After, and never throttles health checks', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      const response = await sut.app.inject({
        method: 'GET',
        url: '/api/v1/pods',
        headers: admin,
        remoteAddress: '10.0.0.7',
      });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) {
        expect(response.headers['retry-after']).toBeDefined();
        expect(response.headers['content-type']).toMatch(/problem\+json/);
      }
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(30);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    const other = await sut.app.inject({
      method: 'GET',
      url: '/api/v1/pods',
      headers: admin,
      remoteAddress: '10.0.0.8',
    });
    expect(other.statusCode).toBe(200);
    for (let i = 0; i < 40; i += 1) {
      expect(
        (await sut.app.inject({ method: 'GET', url: '/health', remoteAddress: '10.0.0.7' })).statusCode,
      ).toBe(200);
    }
  });
});

describe('every route behind its token', () => {
  const AGENT_TOKEN = 'agent-token-0123456789abcdef';
  const PUBLIC = new Set(['/health', '/health/live', '/health/runpod']);
  const AGENT_ROUTES = new Set(['/api/v1/agents/heartbeat', '/api/v1/agents/report']);
  const document = JSON.parse(readFileSync(join(repoRoot, 'apps', 'api', 'openapi.json'), 'utf8')) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({
      method: method.toUpperCase() as 'GET' | 'POST' | 'DELETE',
      path,
      url: path.replace(/\{[^}]+\}/g, 'nosuchthing'),
    })),
  );
  /** What each token may do: the admin token everything, the others only their own share. */
  const needs = (route: (typeof routes)[number]) =>
    PUBLIC.has(route.path)
      ? 'public'
      : AGENT_ROUTES.has(route.path)
        ? 'agent'
        : route.method === 'GET' && route.path !== '/mcp'
          ? 'read'
          : 'admin';
  let db: TestDatabase;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await startTestApp({
      databaseUrl: db.url,
      embedded: db.embedded,
      env: { PODWATCH_READ_TOKEN: READ_TOKEN, PODWATCH_AGENT_TOKEN: AGENT_TOKEN, PODWATCH_RATE_LIMIT: '0' },
    });
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  /** Every route whose answer to `token` is not what its access level says, as "METHOD path: status". */
  const mismatches = async (token: string | null, allowed: (need: string) => boolean) => {
    const wrong: string[] = [];
    for (const route of routes) {
      const response = await sut.app.inject({
        method: route.method,
        url: route.url,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      const refused = response.statusCode === 401 || response.statusCode === 403;
      const expected = allowed(needs(route)) ? 'open' : token ? 403 : 401;
      const problem = /problem\+json/.test(String(response.headers['content-type']));
      if (expected === 'open' ? refused : response.statusCode !== expected || !problem)
        wrong.push(`${route.method} ${route.path}: ${response.statusCode} (expected ${expected})`);
    }
    return wrong;
  };

  it('covers every documented route', () => {
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.filter((r) => needs(r) === 'admin').length).toBeGreaterThan(10);
  });

  it('answers 401 problem+json without a token, except on health checks', async () => {
    expect(await mismatches(null, (need) => need === 'public')).toEqual([]);
  });

  it('lets the read token read, and answers 403 problem+json to every mutation and /mcp', async () => {
    expect(await mismatches(READ_TOKEN, (need) => need === 'public' || need === 'read')).toEqual([]);
  });

  it('lets the agent token post reports and heartbeats only', async () => {
    expect(await mismatches(AGENT_TOKEN, (need) => need === 'public' || need === 'agent')).toEqual([]);
  });
});

describe('CORS for configured origins', () => {
  let db: TestDatabase;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await startTestApp({
      databaseUrl: db.url,
      embedded: db.embedded,
      env: { PODWATCH_CORS_ORIGINS: 'https://ops.example.com' },
    });
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  it('answers preflights from a listed origin only', async () => {
    const preflight = (origin: string) =>
      sut.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/dashboard',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization',
        },
      });
    const allowed = await preflight('https://ops.example.com');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://ops.example.com');
    expect(String(allowed.headers['access-control-allow-headers'])).toContain('authorization');
    expect((await preflight('https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe.each([
  ['its address', '127.0.0.1'],
  ['a hop count', '1'],
])('rate limits behind a proxy trusted by %s', (_how, trustProxy) => {
  let db: TestDatabase;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await startTestApp({
      databaseUrl: db.url,
      embedded: db.embedded,
      env: { PODWATCH_RATE_LIMIT: '80', PODWATCH_TRUST_PROXY: trustProxy },
    });
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  const mutate = (client: string) =>
    sut.app.inject({
      method: 'POST',
      url: '/api/v1/instances/no-such-instance/activity',
      headers: { ...admin, 'x-forwarded-for': client },
      remoteAddress: '127.0.0.1',
    });

  it('gives mutations a quarter of the limit, counted per forwarded client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i += 1) statuses.push((await mutate('203.0.113.5')).statusCode);
    expect(statuses.filter((s) => s === 404)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    expect((await mutate('203.0.113.6')).statusCode).toBe(404);
  });
});

describe('the RunPod key', () => {
  const clock = new FakeClock('2026-11-22T12:00:00Z');
  const logs: string[] = [];
  let db: TestDatabase;
  let sim: RunningSimulator;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sim = await startTestSimulator({
      clock,
      pods: [{ id: 'leakcheckpod01', name: 'leak', profile: 'idle' }],
    });
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString());
        done();
      },
    });
    sut = await startTestApp({
      databaseUrl: db.url,
      embedded: db.embedded,
      clock,
      env: runpodEnv(sim),
      logStream: stream,
      podwatchYaml:
        'prune:\n  confirmTimeout: 1s\ninstances:\n  leak:\n    podId: leakcheckpod01\n    inactivity: 1m\n',
    });
  });

  afterAll(async () => {
    await sut?.close();
    await sim?.close();
    await db?.drop();
  });

  it('appears in no response, header, log line, stored error or audit reason', async () => {
    const seen: string[] = [];
    const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
      const response = await sut.app.inject({ method, url, headers: admin, ...(payload ? { payload } : {}) });
      seen.push(JSON.stringify(response.headers), response.body);
    };
    const collector = sut.app.get(CollectorService);
    await collector.collect();
    // Failures of every kind, whose messages travel into logs, stale reasons and responses.
    for (const fault of [
      { kind: 'status' as const, status: 401, message: `bad key ${TEST_RUNPOD_KEY}` },
      { kind: 'status' as const, status: 500 },
      { kind: 'malformed' as const },
      { kind: 'graphql-error' as const, message: `denied for ${TEST_RUNPOD_KEY}` },
      { kind: 'reset' as const },
    ]) {
      sim.control.addFault({
        route: fault.kind === 'graphql-error' ? 'POST /graphql' : 'GET /v2/pods',
        ...fault,
      });
      await collector.collect();
      await call('GET', '/api/v1/instances/leak');
      await call('POST', '/api/v1/instances/leak/start');
      sim.control.clearFaults();
    }
    await collector.collect();
    clock.advance(5 * 60_000);
    await collector.collect();
    await sut.app.get(PruneService).run({ trigger: 'api', dryRun: false });
    for (const url of [
      '/api/v1/dashboard',
      '/api/v1/instances',
      '/api/v1/pods',
      '/api/v1/prune-runs',
      '/health',
      '/api/openapi.json',
    ]) {
      await call('GET', url);
    }
    await call('POST', '/api/v1/stats/refresh');

    const prisma = sut.app.get(PrismaService);
    const stored = await prisma.$queryRaw<{ text: string }[]>`
      select coalesce("error", '') as text from "CollectionCycle"
      union all select coalesce("staleReason", '') || ' ' || coalesce("pod"::text, '') from "PodSnapshot"
      union all select coalesce("reason", '') || ' ' || "detail"::text from "AuditEvent"
      union all select "data"::text from "Pod"`;
    expect(stored.some((row) => row.text.includes('Error'))).toBe(true);

    const everything = [...seen, ...logs, ...stored.map((row) => row.text)].join('\n');
    expect(everything.length).toBeGreaterThan(10_000);
    expect(everything).not.toContain(TEST_RUNPOD_KEY);
    expect(everything).not.toContain(TEST_RUNPOD_KEY.slice(4, 20));
  });
});

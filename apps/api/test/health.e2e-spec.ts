import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('health', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    const target = new URL(db.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    sut = await startTestApp({ databaseUrl: proxy.wrap(db.url), embedded: db.embedded });
  });

  afterAll(async () => {
    await sut?.close();
    await proxy?.close();
    await db?.drop();
  });

  it('GET /health is 200 with the database up', async () => {
    const response = await sut.app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ status: string; info: Record<string, { status: string }>; demo: boolean }>();
    expect(body.status).toBe('ok');
    expect(body.info.database?.status).toBe('up');
    expect(body.demo).toBe(true);
    expect(response.headers['x-podwatch-mode']).toBe('demo');
    const missing = await sut.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(missing.headers['x-podwatch-mode']).toBe('demo');
  });

  it('GET /health is 503 naming the database while it is unreachable, and 200 again once it is back', async () => {
    proxy.cut();
    const down = await sut.app.inject({ method: 'GET', url: '/health' });
    expect(down.statusCode).toBe(503);
    const body = down.json<{ status: string; error: Record<string, { status: string; message: string }> }>();
    expect(body.status).toBe('error');
    expect(body.error.database?.status).toBe('down');
    expect(body.error.database?.message).toBeTruthy();

    const live = await sut.app.inject({ method: 'GET', url: '/health/live' });
    expect(live.statusCode).toBe(200);

    // Any route that needs the database says so: 503 problem+json, not 500.
    const dashboard = await sut.app.inject({ method: 'GET', url: '/api/v1/dashboard' });
    expect(dashboard.statusCode).toBe(503);
    expect(dashboard.headers['content-type']).toMatch(/problem\+json/);
    expect(dashboard.json<{ detail: string }>().detail).toMatch(/database/i);
    const runpod = await sut.app.inject({ method: 'GET', url: '/health/runpod' });
    expect(runpod.statusCode).toBe(503);
    expect(runpod.json<{ detail: string }>().detail).toMatch(/database/);

    proxy.restore();
    const up = await sut.app.inject({ method: 'GET', url: '/health' });
    expect(up.statusCode).toBe(200);
  });

  it('serves Swagger UI at /api/docs and the document at /api/openapi.json', async () => {
    const docs = await sut.app.inject({ method: 'GET', url: '/api/docs' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger-ui');
    const document = await sut.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(document.statusCode).toBe(200);
    expect(Object.keys(document.json<{ paths: object }>().paths)).toContain('/health');
  });

  it('answers an unknown route and malformed JSON with problem+json', async () => {
    const missing = await sut.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.json()).toMatchObject({
      status: 404,
      title: 'Not Found',
      instance: '/api/v1/nothing-here',
    });

    const malformed = await sut.app.inject({
      method: 'POST',
      url: '/api/v1/anything',
      headers: { 'content-type': 'application/json', authorization: 'Bearer test-admin-token-0123456789' },
      payload: '{"broken":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(malformed.json<{ detail: string }>().detail).toMatch(/JSON/);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, CliError, EXIT, resolveApiOptions } from './api-client.js';

/** A stand-in API over real HTTP: each path answers with a fixed status and problem. */
const answers: Record<string, [number, unknown]> = {
  '/ok': [200, { hello: 'world' }],
  '/busy': [409, { status: 409, title: 'Conflict', detail: 'A prune run is in progress.' }],
  '/invalid': [
    400,
    {
      status: 400,
      title: 'Bad Request',
      detail: 'Validation failed',
      errors: [{ field: 'duration', message: 'must be a duration' }],
    },
  ],
  '/unauthorized': [401, { status: 401, title: 'Unauthorized', detail: 'The bearer token is not valid.' }],
  '/missing': [404, { status: 404, title: 'Not Found', detail: 'No instance named "nope".' }],
  '/broken': [500, { status: 500, title: 'Internal Server Error', detail: 'An unexpected error occurred.' }],
  '/health': [503, { status: 'error', error: { database: { status: 'down' } } }],
};

let server: Server;
let baseUrl: string;
let lastAuthorization: string | undefined;
let lastClient: string | undefined;

beforeAll(async () => {
  server = createServer((request, response) => {
    lastAuthorization = request.headers.authorization;
    lastClient = request.headers['x-podwatch-client'] as string | undefined;
    if (request.url === '/etag') {
      if (request.headers['if-none-match'] === 'W/"v1"') return response.writeHead(304).end();
      return response.writeHead(200, { 'content-type': 'application/json', etag: 'W/"v1"' }).end('{"n":1}');
    }
    if (request.url === '/html')
      return response.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
    const [status, body] = answers[request.url ?? ''] ?? [404, {}];
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

async function exitCodeOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CliError) return error.exitCode;
    throw error;
  }
}

describe(ApiClient.name, () => {
  it('sends the bearer token and returns the parsed body', async () => {
    const sut = new ApiClient({ baseUrl, token: 'secret-token' });
    expect(await sut.get('/ok')).toEqual({ hello: 'world' });
    expect(lastAuthorization).toBe('Bearer secret-token');
  });

  it('says who is asking, for the audit trail', async () => {
    await new ApiClient({ baseUrl }).post('/ok');
    expect(lastClient).toBe('cli');
  });

  it('maps failures to distinct exit codes with the API detail', async () => {
    const sut = new ApiClient({ baseUrl });
    expect(await exitCodeOf(sut.get('/unauthorized'))).toBe(EXIT.unauthorized);
    expect(await exitCodeOf(sut.get('/missing'))).toBe(EXIT.notFound);
    expect(await exitCodeOf(sut.get('/busy'))).toBe(EXIT.conflict);
    expect(await exitCodeOf(sut.get('/invalid'))).toBe(EXIT.usage);
    expect(await exitCodeOf(sut.get('/broken'))).toBe(EXIT.failure);
    await expect(sut.get('/missing')).rejects.toThrow('No instance named "nope".');
    await expect(sut.get('/invalid')).rejects.toThrow('Validation failed — duration: must be a duration');
  });

  it('says so when the answer is not JSON (PODWATCH_URL points at something else)', async () => {
    await expect(new ApiClient({ baseUrl }).get('/html')).rejects.toThrow(/body that is not JSON/);
  });

  it('revalidates with If-None-Match and reports an unchanged answer', async () => {
    const sut = new ApiClient({ baseUrl });
    expect(await sut.getIfChanged('/etag', null)).toEqual({ changed: true, body: { n: 1 }, etag: 'W/"v1"' });
    expect(await sut.getIfChanged('/etag', 'W/"v1"')).toEqual({ changed: false });
  });

  it('returns an unhealthy /health report instead of failing on its 503', async () => {
    const sut = new ApiClient({ baseUrl });
    expect(await sut.get('/health')).toMatchObject({ status: 'error' });
  });

  it('says the API is unreachable, naming the URL', async () => {
    const sut = new ApiClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 2_000 });
    expect(await exitCodeOf(sut.get('/ok'))).toBe(EXIT.apiUnreachable);
    await expect(sut.get('/ok')).rejects.toThrow(/Cannot reach the Podwatch API at http:\/\/127\.0\.0\.1:9/);
  });

  it('defaults to the local API and strips a trailing slash', () => {
    expect(resolveApiOptions({}).baseUrl).toBe('http://127.0.0.1:8080');
    expect(resolveApiOptions({ PODWATCH_URL: 'http://pw.example:8080/', PODWATCH_TOKEN: 't' })).toEqual({
      baseUrl: 'http://pw.example:8080',
      token: 't',
    });
  });
});

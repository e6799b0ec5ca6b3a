import { vi } from 'vitest';

export interface SeenRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

type Handler = (request: SeenRequest) => Response | Promise<Response>;

export function json(
  body: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  const problem = (init.status ?? 200) >= 400;
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { 'content-type': problem ? 'application/problem+json' : 'application/json', ...init.headers },
  });
}

/** Replaces fetch; every request is recorded, in order, for the test to inspect. */
export function mockFetch(handler: Handler) {
  const requests: SeenRequest[] = [];
  const fn = vi.fn(async (input: string, init: RequestInit = {}) => {
    const request: SeenRequest = {
      url: input,
      method: init.method ?? 'GET',
      headers: Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>)),
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    };
    requests.push(request);
    return handler(request);
  });
  vi.stubGlobal('fetch', fn);
  return { fn, requests };
}

import { type FastifyInstance, type FastifyRequest } from 'fastify';

/**
 * JSON bodies are parsed leniently: an empty or broken body does not fail in Fastify's parser
 * (which would answer before auth, counting and rate limiting) but reaches the handler, which
 * answers 400 after the usual pipeline, as RunPod does.
 */

const INVALID_JSON = Symbol('invalid JSON body');

export function registerJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json']);
  const parse = (
    _request: FastifyRequest,
    body: string | Buffer,
    done: (err: null, body?: unknown) => void,
  ) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text) as unknown);
    } catch {
      done(null, INVALID_JSON);
    }
  };
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parse);
  // Some clients send JSON as text/plain (fetch's default) or with no useful type.
  app.addContentTypeParser('*', { parseAs: 'string' }, parse);
}

export type JsonBody = { ok: true; value: unknown } | { ok: false; detail: string };

export function readJsonBody(request: FastifyRequest): JsonBody {
  const body = request.body;
  if (body === undefined || body === null) return { ok: false, detail: 'request body is required' };
  if (body === INVALID_JSON) return { ok: false, detail: 'request body is not valid JSON' };
  return { ok: true, value: body };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

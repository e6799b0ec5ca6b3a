import { setTimeout as sleep } from 'node:timers/promises';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { GraphqlService, type PreparedRequest } from '../graphql/service.js';
import { type Fault } from '../types.js';
import { type ApiKind, type SimContext } from './context.js';
import { sendProblem } from './problem.js';

/**
 * What happens to every RunPod-path request before its handler, in this order: it is counted,
 * the configured latency is added, faults apply, the key is checked, and (REST only) the rate
 * limit is taken. Each step may answer instead of the handler.
 */

export interface RequestState {
  /** A fault shaped the response: the contract recorder leaves it alone. */
  faulted: boolean;
  authenticated: boolean;
  graphql: PreparedRequest | null;
}

const states = new WeakMap<FastifyRequest, RequestState>();

export function requestState(request: FastifyRequest): RequestState {
  let state = states.get(request);
  if (!state) {
    state = { faulted: false, authenticated: false, graphql: null };
    states.set(request, state);
  }
  return state;
}

/** `GET /v2/pods/:id` → `GET /v2/pods/{id}`. */
export function routeKeyOf(method: string, url: string): string {
  return `${method} ${url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
}

/** The request path without its query string. */
export function pathOf(request: FastifyRequest): string {
  const url = request.raw.url ?? request.url;
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

/** The API key: `Authorization: Bearer <key>`; GraphQL also `?api_key=`; /health also a raw key. */
function apiKeyOf(request: FastifyRequest, kind: ApiKind): string | null {
  const header = request.headers.authorization?.trim() ?? '';
  const bearer = /^bearer\s+(.+)$/i.exec(header);
  if (bearer?.[1]) return bearer[1].trim();
  if (kind === 'health' && header !== '' && !header.includes(' ')) return header;
  if (kind === 'graphql') {
    const query = request.query as Record<string, unknown> | undefined;
    const key = query?.api_key;
    if (typeof key === 'string' && key !== '') return key;
  }
  return null;
}

function sendUnauthorized(reply: FastifyReply, kind: ApiKind, detail: string): FastifyReply {
  if (kind === 'graphql') {
    return reply
      .code(401)
      .type('application/json')
      .send({ errors: [{ message: `Unauthorized: ${detail}`, extensions: { code: 'UNAUTHENTICATED' } }] });
  }
  return sendProblem(reply, 401, detail);
}

/** Answers with the fault; returns false when the request should go on (a hang was cleared). */
async function applyFault(
  ctx: SimContext,
  request: FastifyRequest,
  reply: FastifyReply,
  fault: Fault,
  fields: readonly string[],
): Promise<boolean> {
  switch (fault.kind) {
    case 'status':
      sendProblem(reply, fault.status ?? 500, fault.message ?? 'injected fault');
      return true;
    case 'rate-limit':
      sendProblem(
        reply.header('Retry-After', String(fault.retryAfterSeconds ?? 1)),
        429,
        fault.message ?? 'rate limit exceeded for the minute window',
      );
      return true;
    case 'malformed':
      reply.code(200).type('application/json').send('{"data": {"pods": [{"id": "');
      return true;
    case 'graphql-error':
      reply
        .code(200)
        .type('application/json')
        .send({
          errors: [
            {
              message: fault.message ?? 'Something went wrong. Please try again later or contact support.',
              path: fields.length > 0 ? [fields[0]] : [],
              extensions: { code: 'RUNPOD' },
            },
          ],
          data: fields.length > 0 ? Object.fromEntries(fields.map((field) => [field, null])) : null,
        });
      return true;
    case 'reset': {
      const socket = request.raw.socket;
      // resetAndDestroy sends a TCP RST, so the client sees ECONNRESET rather than a clean close.
      if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
      else socket.destroy();
      reply.hijack();
      return true;
    }
    case 'hang': {
      await new Promise<void>((resolve) => {
        const done = () => {
          reply.raw.off('close', done);
          ctx.faults.unpark(done);
          resolve();
        };
        reply.raw.on('close', done);
        ctx.faults.park(done);
      });
      if (request.raw.socket.destroyed || reply.raw.destroyed) {
        // The client gave up: nobody is left to answer.
        reply.hijack();
        return true;
      }
      return false;
    }
    case 'latency':
      return false;
  }
}

/**
 * Runs the pipeline. Returns true when the handler should answer, false when the pipeline
 * already did (or the connection is gone).
 */
export async function runPipeline(
  ctx: SimContext,
  request: FastifyRequest,
  reply: FastifyReply,
  kind: ApiKind,
  routeKey: string,
): Promise<boolean> {
  const state = requestState(request);
  if (kind === 'graphql') {
    const body = GraphqlService.readRequest(request.body);
    state.graphql = body ? ctx.graphql.prepare(body) : null;
  }
  ctx.counter.record(routeKey);
  const names = state.graphql ? [state.graphql.operation, ...state.graphql.fields] : [];
  if (state.graphql) ctx.counter.recordGraphql(state.graphql.operation, state.graphql.fields);

  const latencyMs = ctx.world.options.latencyMs;
  if (latencyMs > 0) await sleep(latencyMs);

  const match = ctx.faults.match(request.method, routeKey, pathOf(request), names);
  if (match.latencyMs > 0) await sleep(match.latencyMs);
  if (match.terminal) {
    state.faulted = true;
    if (await applyFault(ctx, request, reply, match.terminal, state.graphql?.fields ?? [])) return false;
    state.faulted = false;
  }

  const key = apiKeyOf(request, kind);
  const expected = ctx.world.options.apiKey;
  if (key === null) {
    sendUnauthorized(reply, kind, kind === 'health' ? 'missing API key' : 'missing bearer token');
    return false;
  }
  if (expected !== null && key !== expected) {
    sendUnauthorized(reply, kind, 'invalid API key');
    return false;
  }
  state.authenticated = true;

  if (kind === 'rest' && ctx.rateLimiter) {
    const decision = ctx.rateLimiter.take(key, ctx.world.now());
    reply.headers(decision.headers);
    if (!decision.allowed) {
      reply.header('Retry-After', String(decision.retryAfterSeconds ?? 1));
      sendProblem(reply, 429, `rate limit exceeded for the ${decision.exhausted ?? 'minute'} window`);
      return false;
    }
  }
  return true;
}

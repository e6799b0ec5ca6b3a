import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { ManualClock, realClock } from './clock.js';
import { SimulatorControl } from './control.js';
import { FaultRegistry } from './faults.js';
import { GraphqlService } from './graphql/service.js';
import { registerJsonParser } from './http/body.js';
import { type ApiKind, type SimContext } from './http/context.js';
import { registerControlRoutes } from './http/control-routes.js';
import { registerGraphqlRoute } from './http/graphql-route.js';
import { registerHealthRoute } from './http/health-route.js';
import { pathOf, requestState, routeKeyOf, runPipeline } from './http/pipeline.js';
import { sendProblem } from './http/problem.js';
import { registerBillingRoutes } from './http/rest-billing.js';
import { registerCatalogRoutes } from './http/rest-catalog.js';
import { registerPodRoutes } from './http/rest-pods.js';
import { registerServerlessRoutes } from './http/rest-serverless.js';
import { OpenApi } from './openapi.js';
import { DEFAULT_RATE_LIMIT, RateLimiter } from './rate-limit.js';
import { RequestCounter } from './request-counts.js';
import { type ContractViolation, type GraphqlState, type SimClock, type SimulatorOptions } from './types.js';
import { type ResolvedOptions, World } from './world.js';

export interface RunningSimulator {
  /** Origin, e.g. `http://127.0.0.1:8090` (what RunPod's own clients take). */
  url: string;
  /** `${url}/v2` */
  restUrl: string;
  /** `${url}/graphql` */
  graphqlUrl: string;
  /** `${url}/serverless/v2` */
  serverlessUrl: string;
  /** `${url}/__sim` */
  controlUrl: string;
  /** In-process equivalent of the `/__sim` control API. */
  control: SimulatorControl;
  /** REST v2 responses that did not match the spec (always empty unless `contract: 'record'`). */
  contractViolations(): ContractViolation[];
  close(): Promise<void>;
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  const resolved = value ?? fallback;
  if (typeof resolved !== 'number' || !Number.isFinite(resolved) || resolved < 0) {
    throw new TypeError(`${name} must be a non-negative number`);
  }
  return resolved;
}

export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  const transitions = options.transitions ?? {};
  const rateLimit = options.rateLimit === undefined ? DEFAULT_RATE_LIMIT : options.rateLimit;
  if (rateLimit) {
    for (const [name, value] of Object.entries(rateLimit)) {
      if (!Number.isInteger(value) || (value as number) < 1) {
        throw new TypeError(`rateLimit.${name} must be a positive integer`);
      }
    }
  }
  if (options.apiKey !== undefined && options.apiKey.trim() === '') {
    throw new TypeError('apiKey must not be empty (leave it out to accept any key)');
  }
  return {
    seed: options.seed ?? 1,
    transitions: {
      provisioningMs:
        nonNegative(transitions.provisioningSeconds, 2, 'transitions.provisioningSeconds') * 1000,
      startingMs: nonNegative(transitions.startingSeconds, 3, 'transitions.startingSeconds') * 1000,
      stoppingMs: nonNegative(transitions.stoppingSeconds, 0, 'transitions.stoppingSeconds') * 1000,
    },
    apiKey: options.apiKey ?? null,
    rateLimit,
    latencyMs: nonNegative(options.latencyMs, 0, 'latencyMs'),
    contract: options.contract ?? 'off',
    balance: options.balance ?? 500,
    demo: options.demo ?? false,
    pods: options.pods ?? [],
    endpoints: options.endpoints ?? [],
    quirks: options.quirks ?? {},
    graphql: graphqlState(options.graphql),
    pageSize: pageSize(options.pageSize),
  };
}

function graphqlState(state: SimulatorOptions['graphql']): GraphqlState {
  if (state === undefined) return 'up';
  if (state !== 'up' && state !== 'gone') throw new TypeError("graphql must be 'up' or 'gone'");
  return state;
}

function pageSize(size: number | undefined): number | null {
  if (size === undefined) return null;
  if (!Number.isInteger(size) || size < 1) throw new TypeError('pageSize must be a positive integer');
  return size;
}

function resolveClock(clock: SimulatorOptions['clock']): SimClock {
  if (clock === undefined || clock === 'real') return realClock;
  if (clock === 'manual') return new ManualClock();
  return clock;
}

/** Starts a simulator listening on `host:port` (default 127.0.0.1 and a free port). */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const resolved = resolveOptions(options);
  const world = new World(resolved, resolveClock(options.clock));
  const violations: ContractViolation[] | null = resolved.contract === 'record' ? [] : null;
  const ctx: SimContext = {
    world,
    faults: new FaultRegistry(),
    counter: new RequestCounter(),
    rateLimiter: resolved.rateLimit ? new RateLimiter(resolved.rateLimit) : null,
    openapi: OpenApi.shared(),
    graphql: new GraphqlService(world),
    violations,
  };
  const control = new SimulatorControl(ctx);

  const app = Fastify({
    logger: false,
    // Hung requests and keep-alive sockets must not hold close() open.
    forceCloseConnections: true,
    bodyLimit: 10 * 1024 * 1024,
  });
  registerJsonParser(app);

  app.addHook('preHandler', async (request, reply) => {
    const kind = request.routeOptions.config.api;
    if (kind === undefined || kind === 'control') return;
    const proceed = await runPipeline(
      ctx,
      request,
      reply,
      kind,
      routeKeyOf(request.method, request.routeOptions.url ?? ''),
    );
    if (!proceed) return reply;
  });

  if (violations) {
    app.addHook('onSend', async (request, reply, payload) => {
      recordContract(ctx, violations, request, reply, payload);
      return payload;
    });
  }

  app.setNotFoundHandler(async (request, reply) => notFound(ctx, request, reply));

  app.setErrorHandler(async (error, request, reply) => {
    const kind = request.routeOptions.config.api;
    const status =
      typeof (error as { statusCode?: unknown }).statusCode === 'number'
        ? (error as { statusCode: number }).statusCode
        : 500;
    const message =
      status >= 500 ? 'internal simulator error' : error instanceof Error ? error.message : String(error);
    if (status >= 500) console.error('[runpod-simulator]', error);
    if (kind === 'graphql') return reply.code(status).send({ errors: [{ message }] });
    if (kind === 'control') return reply.code(status).send({ error: message });
    return sendProblem(reply, status, message);
  });

  registerPodRoutes(app, ctx);
  registerServerlessRoutes(app, ctx);
  registerBillingRoutes(app, ctx);
  registerCatalogRoutes(app, ctx);
  registerGraphqlRoute(app, ctx);
  registerHealthRoute(app, ctx);

  let urls = { url: '', restUrl: '', graphqlUrl: '', serverlessUrl: '', controlUrl: '' };
  registerControlRoutes(app, control, () => urls);

  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  urls = {
    url: origin,
    restUrl: `${origin}/v2`,
    graphqlUrl: `${origin}/graphql`,
    serverlessUrl: `${origin}/serverless/v2`,
    controlUrl: `${origin}/__sim`,
  };
  world.serverlessUrl = urls.serverlessUrl;

  let closing: Promise<void> | null = null;
  return {
    ...urls,
    control,
    contractViolations: () => control.contractViolations(),
    close: () => {
      closing ??= (async () => {
        ctx.faults.releaseHung();
        await app.close();
      })();
      return closing;
    },
  };
}

/** Unknown paths: 405/501/404 problems under /v2 (after auth and rate limiting), plain 404 elsewhere. */
async function notFound(
  ctx: SimContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const path = pathOf(request);
  const kind: ApiKind | null =
    path.startsWith('/v2/') || path === '/v2'
      ? 'rest'
      : path === '/graphql'
        ? 'graphql'
        : path.startsWith('/serverless/v2/')
          ? 'health'
          : null;
  if (kind === null) {
    return reply.code(404).send({ error: `no route ${request.method} ${path}` });
  }
  const match = kind === 'rest' ? ctx.openapi.matchPath(path) : null;
  const routeKey = match
    ? `${request.method} ${match.template}`
    : kind === 'graphql'
      ? `${request.method} /graphql`
      : `${request.method} (unmatched)`;
  if (!(await runPipeline(ctx, request, reply, kind, routeKey))) return reply;
  if (kind === 'graphql') {
    return reply
      .code(405)
      .header('Allow', 'POST')
      .send({ errors: [{ message: `${request.method} is not supported on /graphql; use POST` }] });
  }
  if (match && !match.methods.includes(request.method)) {
    return sendProblem(
      reply.header('Allow', match.methods.join(', ')),
      405,
      'The requested method is not allowed for this path.',
    );
  }
  if (match) {
    const operationId = ctx.openapi.operationId(request.method, match.template) ?? match.template;
    return sendProblem(reply, 501, `the simulator does not implement ${operationId}`);
  }
  return sendProblem(reply, 404, `no such path: ${path}`);
}

function recordContract(
  ctx: SimContext,
  violations: ContractViolation[],
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): void {
  const path = pathOf(request);
  if (!path.startsWith('/v2/')) return;
  const state = requestState(request);
  if (state.faulted) return;
  const routeUrl = request.routeOptions.url;
  const template = routeUrl
    ? routeKeyOf(request.method, routeUrl).slice(request.method.length + 1)
    : (ctx.openapi.matchPath(path)?.template ?? null);
  const body =
    typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
  violations.push(
    ...ctx.openapi.checkResponse({
      method: request.method,
      path,
      template,
      status: reply.statusCode,
      contentType: reply.getHeader('content-type') as string | undefined,
      headers: reply.getHeaders(),
      body,
      expectRateLimitHeaders: state.authenticated && ctx.rateLimiter !== null,
    }),
  );
}

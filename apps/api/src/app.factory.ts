import { RequestMethod, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { LogController } from 'fastify';
import type { Logger } from 'pino';
import { AppModule, type AppModuleOptions } from './app.module.js';
import { createLogger, PinoLoggerService } from './common/logger.js';
import type { AppConfig } from './config/env.js';
import { ProblemFilter, validationExceptionFactory } from './common/problem.js';
import { hasWebBuild } from './common/spa.js';
import { clientErrorHandler, frameworkErrors } from './common/framework-errors.js';
import { registerInputGuard } from './common/input-guard.js';
import { webDistDir } from './paths.js';

export const API_PREFIX = 'api/v1';
/** Routes outside the versioned prefix. */
const UNPREFIXED = ['health', 'health/live', 'health/runpod', 'metrics', 'mcp'];
const BODY_LIMIT_BYTES = 1024 * 1024;
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CreateAppOptions extends AppModuleOptions {
  logger?: Logger;
}

/** Builds the whole API exactly as `main.ts` runs it; e2e tests use it too. */
export async function createApp(options: CreateAppOptions): Promise<NestFastifyApplication> {
  const logger = options.logger ?? createLogger(options.config);
  const { trustProxy } = options.config;
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    // Refusals made before Nest sees the request are problem+json as well.
    frameworkErrors,
    clientErrorHandler,
    // A hop count trusts that many proxies from this server outwards (proxy-addr's semantics).
    trustProxy:
      typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(options), adapter, {
    logger: new PinoLoggerService(logger),
    abortOnError: false,
  });
  await setupApp(app, logger, options.config);
  return app;
}

export async function setupApp(
  app: NestFastifyApplication,
  logger: Logger,
  config: AppConfig,
): Promise<void> {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: UNPREFIXED.map((path) => ({ path, method: RequestMethod.ALL })),
  });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationExceptionFactory,
    }),
  );
  const serveSpa = hasWebBuild(webDistDir);
  if (serveSpa) {
    await app.register(fastifyStatic, {
      root: webDistDir,
      prefix: '/',
      wildcard: false,
      // Vite content-hashes everything under assets/: cache it for good; index.html must revalidate.
      cacheControl: false,
      setHeaders: (reply, path) => {
        void reply.header(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  app.useGlobalFilters(new ProblemFilter(serveSpa));

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // ECharts and Vue transitions set inline style attributes; Swagger UI inlines its styles.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        // Plain HTTP is the default (localhost, or TLS terminated in front): do not force https.
        upgradeInsecureRequests: null,
      },
    },
    // Served over plain HTTP on localhost by default; TLS terminates in front of it when exposed.
    hsts: false,
    crossOriginEmbedderPolicy: false,
  });
  if (config.rateLimitPerMinute > 0) {
    // Per client address, in memory per replica: reads at the limit, mutations (MCP calls and agent
    // heartbeats among them) at a quarter of it.
    // It runs before authentication, so token guessing is throttled too; health checks never are.
    const perMinute = config.rateLimitPerMinute;
    await app.register(rateLimit, {
      global: true,
      timeWindow: 60_000,
      max: (request) =>
        READ_METHODS.has(request.method) ? perMinute : Math.max(10, Math.floor(perMinute / 4)),
      keyGenerator: (request) => `${READ_METHODS.has(request.method) ? 'read' : 'write'}:${request.ip}`,
      allowList: (request) => request.url === '/health' || request.url.startsWith('/health/'),
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        message: `Rate limit of ${context.max} requests per minute reached; retry in ${Math.ceil(context.ttl / 1000)} s.`,
      }),
    });
  }
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: [
        'authorization',
        'content-type',
        'if-none-match',
        'x-podwatch-client',
        'mcp-session-id',
        'mcp-protocol-version',
      ],
      exposedHeaders: ['etag', 'retry-after', 'mcp-session-id'],
      maxAge: 600,
    });
  }

  const fastify = app.getHttpAdapter().getInstance();
  registerInputGuard(fastify);
  if (config.demo) {
    // Every answer says it comes from a simulated RunPod, not only /health and the dashboard.
    fastify.addHook('onSend', (_request, reply, payload, done) => {
      void reply.header('x-podwatch-mode', 'demo');
      done(null, payload);
    });
  }
  fastify.addHook('onResponse', (request, reply, done) => {
    const fields = {
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (request.method === 'GET' && reply.statusCode < 400) logger.debug(fields, 'request');
    else logger.info(fields, 'request');
    done();
  });

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/openapi.json',
    yamlDocumentUrl: 'api/openapi.yaml',
    customSiteTitle: 'Podwatch API',
  });
}

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Podwatch API')
    .setDescription(
      'Self-hosted control plane for RunPod GPU fleets. Reads are open unless PODWATCH_READ_TOKEN is set; ' +
        'mutations need the admin token (`Authorization: Bearer <token>`). Errors are RFC 9457 problem+json.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config);
}

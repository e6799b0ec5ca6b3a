import { existsSync } from 'node:fs';
import { join } from 'node:path';
import '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Paths the dashboard never owns: unknown ones there stay 404 problems. */
const API_PATHS = /^\/(api|health|metrics|mcp)(\/|$|\?)/;

export function hasWebBuild(webDistDir: string): boolean {
  return existsSync(join(webDistDir, 'index.html'));
}

/** A browser navigation to a client-side route (e.g. /instances/trainer): answer with the SPA. */
export function isSpaNavigation(request: FastifyRequest): boolean {
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    !API_PATHS.test(request.url) &&
    !/\.[a-z0-9]+$/i.test(request.url.split('?')[0] ?? '') &&
    (request.headers.accept ?? '').includes('text/html')
  );
}

export function sendSpaIndex(reply: FastifyReply): void {
  void reply.header('cache-control', 'no-cache').sendFile('index.html');
}

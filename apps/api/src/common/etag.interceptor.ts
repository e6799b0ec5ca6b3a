import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';

/**
 * Fields that change every second although nothing happened: clients tick countdowns from
 * `killAt`, so these are left out of the validator and a 304 keeps the client's copy.
 */
const VOLATILE = new Set(['generatedAt', 'timeUntilKill']);

export function etagOf(body: unknown): string {
  const json = JSON.stringify(body, (key, value: unknown) => (VOLATILE.has(key) ? undefined : value));
  return `W/"${createHash('sha1').update(json).digest('base64url')}"`;
}

export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const value = candidate.trim();
    return value === '*' || value === etag || value.replace(/^W\//, '') === etag.replace(/^W\//, '');
  });
}

/** `ETag` on a GET response, and `304 Not Modified` when the client's `If-None-Match` still matches. */
@Injectable()
export class EtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        const etag = etagOf(body);
        void reply.header('etag', etag).header('cache-control', 'no-cache');
        if (etagMatches(request.headers['if-none-match'], etag)) {
          void reply.status(304);
          return undefined;
        }
        return body;
      }),
    );
  }
}

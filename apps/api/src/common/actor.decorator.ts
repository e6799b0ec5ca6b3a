import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

const KNOWN_CLIENTS = new Set(['web', 'cli', 'mcp']);

/** Who asked, for the audit trail: `web`, `cli`, `mcp` (from `X-Podwatch-Client`) or `api`. */
export const Actor = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const header = context.switchToHttp().getRequest<FastifyRequest>().headers['x-podwatch-client'];
  const client = (Array.isArray(header) ? header[0] : header)?.toLowerCase();
  return client && KNOWN_CLIENTS.has(client) ? client : 'api';
});

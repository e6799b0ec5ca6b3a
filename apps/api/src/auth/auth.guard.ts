import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ProblemException, problemTitle } from '../common/problem.js';
import { ACCESS_KEY, type Access } from './public.decorator.js';
import { type TokenRole, TokensService } from './tokens.service.js';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

function unauthorized(detail: string): ProblemException {
  return new ProblemException({ type: 'about:blank', title: problemTitle(401), status: 401, detail });
}

/**
 * Mutations need the admin token; reads are open unless PODWATCH_READ_TOKEN is set (then the read
 * or the admin token). Agent routes (reports, heartbeats) take the admin or the agent token, and
 * the agent token opens nothing else. 401 for a missing or unknown token, 403 for a known token
 * that does not open this route.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const declared = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const needed: Access = declared ?? (READ_METHODS.has(request.method) ? 'read' : 'admin');
    if (needed === 'public') return true;
    if (needed === 'read' && this.tokens.readsAreOpen) return true;

    const token = bearerToken(request.headers.authorization);
    if (!token) throw unauthorized('This request needs an Authorization: Bearer <token> header.');
    const role = this.tokens.roleOf(token);
    if (role === null) throw unauthorized('The bearer token is not valid.');
    if (!opens(role, needed)) throw forbidden(role, needed);
    return true;
  }
}

/** Whether a token of `role` opens a route that needs `needed`. */
function opens(role: TokenRole, needed: Exclude<Access, 'public'>): boolean {
  switch (role) {
    case 'admin':
      return true;
    case 'read':
      return needed === 'read';
    case 'agent':
      return needed === 'agent';
  }
}

function forbidden(role: TokenRole, needed: Exclude<Access, 'public'>): ProblemException {
  const detail =
    role === 'agent'
      ? 'The agent token only allows posting agent reports and heartbeats.'
      : needed === 'agent'
        ? 'This route needs the agent or the admin token; the read token only allows reads.'
        : 'This action needs the admin token; the read token only allows reads.';
  return new ProblemException({ type: 'about:blank', title: problemTitle(403), status: 403, detail });
}

import { describe, expect, it } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { loadEnv } from '../config/env.js';
import { ProblemException } from '../common/problem.js';
import { AuthGuard, bearerToken } from './auth.guard.js';
import { AgentAccess } from './public.decorator.js';
import { TokensService, tokensMatch } from './tokens.service.js';

const ADMIN = 'admin-token-0123456789abcdef';
const READ = 'read-token-0123456789abcdef';
const AGENT = 'agent-token-0123456789abcdef';

function contextFor(method: string, authorization?: string, access?: 'agent'): ExecutionContext {
  const handler = () => undefined;
  if (access === 'agent') AgentAccess()(handler);
  return {
    getType: () => 'http',
    getHandler: () => handler,
    getClass: () => class Controller {},
    switchToHttp: () => ({ getRequest: () => ({ method, headers: { authorization } }) }),
  } as unknown as ExecutionContext;
}

async function guard(env: NodeJS.ProcessEnv) {
  const tokens = new TokensService(loadEnv({ PODWATCH_ADMIN_TOKEN: ADMIN, ...env }));
  await tokens.onModuleInit();
  return new AuthGuard(new Reflector(), tokens);
}

function statusOf(run: () => boolean): number {
  try {
    run();
    return 200;
  } catch (error) {
    if (error instanceof ProblemException) return error.problem.status;
    throw error;
  }
}

describe(AuthGuard.name, () => {
  it('leaves reads open when no read token is configured', async () => {
    const sut = await guard({});
    expect(statusOf(() => sut.canActivate(contextFor('GET')))).toBe(200);
  });

  it('needs the admin token for mutations', async () => {
    const sut = await guard({ PODWATCH_READ_TOKEN: READ });
    expect(statusOf(() => sut.canActivate(contextFor('POST')))).toBe(401);
    expect(statusOf(() => sut.canActivate(contextFor('POST', 'Bearer wrong-token')))).toBe(401);
    expect(statusOf(() => sut.canActivate(contextFor('POST', `Bearer ${READ}`)))).toBe(403);
    expect(statusOf(() => sut.canActivate(contextFor('POST', `Bearer ${ADMIN}`)))).toBe(200);
  });

  it('needs the read or admin token for reads once a read token is set', async () => {
    const sut = await guard({ PODWATCH_READ_TOKEN: READ });
    expect(statusOf(() => sut.canActivate(contextFor('GET')))).toBe(401);
    expect(statusOf(() => sut.canActivate(contextFor('GET', `Bearer ${READ}`)))).toBe(200);
    expect(statusOf(() => sut.canActivate(contextFor('GET', `bearer ${ADMIN}`)))).toBe(200);
  });

  it('takes the agent or admin token on agent routes, and the agent token nowhere else', async () => {
    const sut = await guard({ PODWATCH_READ_TOKEN: READ, PODWATCH_AGENT_TOKEN: AGENT });
    const agentRoute = (authorization?: string) =>
      statusOf(() => sut.canActivate(contextFor('POST', authorization, 'agent')));
    expect(agentRoute()).toBe(401);
    expect(agentRoute('Bearer wrong-token')).toBe(401);
    expect(agentRoute(`Bearer ${AGENT}`)).toBe(200);
    expect(agentRoute(`Bearer ${ADMIN}`)).toBe(200);
    expect(agentRoute(`Bearer ${READ}`)).toBe(403);
    // Neither a mutation nor a read opens to the agent token.
    expect(statusOf(() => sut.canActivate(contextFor('POST', `Bearer ${AGENT}`)))).toBe(403);
    expect(statusOf(() => sut.canActivate(contextFor('GET', `Bearer ${AGENT}`)))).toBe(403);
  });

  it('knows no agent token unless one is configured', async () => {
    const sut = await guard({});
    expect(statusOf(() => sut.canActivate(contextFor('POST', `Bearer ${AGENT}`, 'agent')))).toBe(401);
  });

  it('refuses an agent token that is also the admin or read token', () => {
    expect(() => loadEnv({ PODWATCH_ADMIN_TOKEN: ADMIN, PODWATCH_AGENT_TOKEN: ADMIN })).toThrow(
      'PODWATCH_AGENT_TOKEN must differ from PODWATCH_ADMIN_TOKEN and PODWATCH_READ_TOKEN',
    );
    expect(() => loadEnv({ PODWATCH_AGENT_TOKEN: 'short' })).toThrow(
      'PODWATCH_AGENT_TOKEN must be at least 16 characters',
    );
  });

  it('parses bearer headers strictly', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });

  it('compares tokens of different lengths without throwing', () => {
    expect(tokensMatch('a', 'a-much-longer-token')).toBe(false);
    expect(tokensMatch('same', 'same')).toBe(true);
  });
});

import { type FaultRegistry } from '../faults.js';
import { type GraphqlService } from '../graphql/service.js';
import { type OpenApi } from '../openapi.js';
import { type RateLimiter } from '../rate-limit.js';
import { type RequestCounter } from '../request-counts.js';
import { type ContractViolation } from '../types.js';
import { type World } from '../world.js';

/** Which API a route belongs to: it decides auth, rate limiting, error shapes and counting. */
export type ApiKind = 'rest' | 'graphql' | 'health' | 'control';

declare module 'fastify' {
  interface FastifyContextConfig {
    api?: ApiKind;
  }
}

/** What every route of one simulator shares. */
export interface SimContext {
  world: World;
  faults: FaultRegistry;
  counter: RequestCounter;
  rateLimiter: RateLimiter | null;
  openapi: OpenApi;
  graphql: GraphqlService;
  /** Null unless `contract: 'record'`. */
  violations: ContractViolation[] | null;
}

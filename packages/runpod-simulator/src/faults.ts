import { type Fault, type FaultInput, type FaultKind } from './types.js';
import { SimInputError } from './errors.js';

/**
 * Injected faults. A fault matches a route pattern and applies `times` times (default forever).
 * Latency faults add up and let the request go on; the first matching terminal fault decides the
 * response.
 */

export const FAULT_KINDS: readonly FaultKind[] = [
  'status',
  'rate-limit',
  'latency',
  'hang',
  'malformed',
  'graphql-error',
  'reset',
];

interface StoredFault extends Fault {
  methodPattern: string;
  pathPattern: RegExp;
}

export interface FaultMatch {
  latencyMs: number;
  terminal: Fault | null;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', '*'];

function compilePath(path: string): RegExp {
  let source = '';
  for (let i = 0; i < path.length; i++) {
    const char = path.charAt(i);
    if (char === '*') {
      source += '.*';
    } else if (char === '{') {
      const close = path.indexOf('}', i);
      if (close < 0) throw new SimInputError(`unbalanced '{' in route '${path}'`);
      source += '[^/]+';
      i = close;
    } else {
      source += char.replace(/[.+?^$()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

function parseRoute(route: string): { method: string; path: RegExp } {
  const trimmed = route.trim();
  if (trimmed === '*' || trimmed === '') return { method: '*', path: /^.*$/ };
  const parts = trimmed.split(/\s+/);
  if (parts.length === 1) {
    const only = parts[0] ?? '';
    if (METHODS.includes(only.toUpperCase())) return { method: only.toUpperCase(), path: /^.*$/ };
    return { method: '*', path: compilePath(only) };
  }
  const [method = '*', path = '*'] = parts;
  if (!METHODS.includes(method.toUpperCase()) || parts.length > 2) {
    throw new SimInputError(`route must be '*', '<METHOD> <path>' or '<path>', got '${route}'`);
  }
  return { method: method.toUpperCase(), path: compilePath(path) };
}

function positiveInt(value: unknown, name: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new SimInputError(`${name} must be a non-negative integer`);
  }
  return value;
}

export class FaultRegistry {
  private faults: StoredFault[] = [];
  private seq = 0;
  private readonly releases = new Set<() => void>();

  add(input: FaultInput): Fault {
    if (typeof input !== 'object' || input === null) throw new SimInputError('a fault must be an object');
    if (!FAULT_KINDS.includes(input.kind)) {
      throw new SimInputError(`kind must be one of ${FAULT_KINDS.join(', ')}`);
    }
    const route = input.route ?? '*';
    if (typeof route !== 'string') throw new SimInputError('route must be a string');
    const { method, path } = parseRoute(route);
    const times = positiveInt(input.times, 'times');
    if (times === 0) throw new SimInputError('times must be at least 1 (leave it out for forever)');
    const status = positiveInt(input.status, 'status');
    if (status !== null && (status < 100 || status > 599)) throw new SimInputError('status must be 100–599');
    this.seq++;
    const fault: StoredFault = {
      id: `fault-${this.seq}`,
      route,
      graphql: input.graphql ?? null,
      kind: input.kind,
      status: input.kind === 'status' ? (status ?? 500) : null,
      retryAfterSeconds:
        input.kind === 'rate-limit' ? (positiveInt(input.retryAfterSeconds, 'retryAfterSeconds') ?? 1) : null,
      latencyMs: input.kind === 'latency' ? (positiveInt(input.latencyMs, 'latencyMs') ?? 1000) : null,
      message: typeof input.message === 'string' ? input.message : null,
      remaining: times,
      applied: 0,
      methodPattern: method,
      pathPattern: path,
    };
    this.faults.push(fault);
    return publicFault(fault);
  }

  list(): Fault[] {
    return this.faults.map(publicFault);
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((fault) => fault.id !== id);
    this.releaseHung();
    return this.faults.length < before;
  }

  /** Removes every fault and lets hung requests go on. */
  clear(): void {
    this.faults = [];
    this.releaseHung();
  }

  /**
   * Finds the faults for a request and counts them as applied. `routeKey` is the route template
   * (`GET /v2/pods/{id}`); `path` the concrete path; `graphqlNames` the operation name and root
   * fields of a GraphQL request.
   */
  match(method: string, routeKey: string, path: string, graphqlNames: readonly string[]): FaultMatch {
    const template = routeKey.slice(routeKey.indexOf(' ') + 1);
    let latencyMs = 0;
    let terminal: Fault | null = null;
    for (const fault of this.faults) {
      if (fault.methodPattern !== '*' && fault.methodPattern !== method) continue;
      if (!fault.pathPattern.test(path) && !fault.pathPattern.test(template)) continue;
      if (fault.graphql !== null && !graphqlNames.includes(fault.graphql)) continue;
      if (fault.kind === 'latency') {
        latencyMs += fault.latencyMs ?? 0;
      } else if (terminal === null) {
        terminal = publicFault(fault);
      } else {
        continue;
      }
      fault.applied++;
      if (fault.remaining !== null) fault.remaining--;
    }
    this.faults = this.faults.filter((fault) => fault.remaining === null || fault.remaining > 0);
    return { latencyMs, terminal };
  }

  /** Parks a hung request: `release` runs when the faults are cleared or the fault removed. */
  park(release: () => void): void {
    this.releases.add(release);
  }

  unpark(release: () => void): void {
    this.releases.delete(release);
  }

  releaseHung(): void {
    for (const release of [...this.releases]) release();
  }
}

function publicFault(fault: StoredFault): Fault {
  return {
    id: fault.id,
    route: fault.route,
    graphql: fault.graphql,
    kind: fault.kind,
    status: fault.status,
    retryAfterSeconds: fault.retryAfterSeconds,
    latencyMs: fault.latencyMs,
    message: fault.message,
    remaining: fault.remaining,
    applied: fault.applied,
  };
}

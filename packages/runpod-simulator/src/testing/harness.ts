import { startSimulator, type RunningSimulator } from '../server.js';
import { type SimulatorOptions } from '../types.js';

/**
 * Test support: a simulator on a free port with a manual clock, and small fetch helpers. Tests
 * talk to it over real HTTP.
 */

export const KEY = 'test-key';
export const AUTH = { authorization: `Bearer ${KEY}` };

export interface RestPod {
  id: string;
  name: string;
  image: string;
  status: string;
  actions: string[];
  cost: number;
  runtime: {
    uptime: number;
    gpus: { util: number; memoryUtil: number }[];
    cpu: { util: number };
    memory: { util: number };
    ports: { private: number; public: number | null; type: string; ip: string | null }[];
  } | null;
  createdAt: string;
  startedAt: string | null;
  gpu?: { id: string; count: number };
  env: Record<string, string>;
  locked: boolean;
}

export interface Problem {
  title: string;
  status: number;
  detail: string;
  errors?: string[];
}

export interface GraphqlResponse<T = Record<string, unknown>> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

export class Harness {
  constructor(readonly sim: RunningSimulator) {}

  /** A REST v2 request (`path` after `/v2`), authenticated unless headers say otherwise. */
  rest(
    path: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...AUTH, ...init.headers };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${this.sim.restUrl}${path}`, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body !== undefined
        ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }
        : {}),
    });
  }

  async restJson<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const response = await this.rest(path, init);
    return (await response.json()) as T;
  }

  async graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers: Record<string, string> = AUTH,
  ): Promise<{ status: number; body: GraphqlResponse<T> }> {
    const response = await fetch(this.sim.graphqlUrl, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
    });
    return { status: response.status, body: (await response.json()) as GraphqlResponse<T> };
  }

  /** A control-API request (`path` after `/__sim`). */
  control(path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
    return fetch(`${this.sim.controlUrl}${path}`, {
      method: init.method ?? 'GET',
      ...(init.body !== undefined
        ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) }
        : {}),
    });
  }

  advance(seconds: number): void {
    this.sim.control.advanceClock(seconds * 1000);
  }

  close(): Promise<void> {
    return this.sim.close();
  }
}

/** Starts a simulator with a manual clock, no rate limit unless asked, no latency. */
export async function startHarness(options: SimulatorOptions = {}): Promise<Harness> {
  return new Harness(await startSimulator({ clock: 'manual', rateLimit: false, ...options }));
}

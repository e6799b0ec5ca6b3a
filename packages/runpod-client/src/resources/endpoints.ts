import { normalizeEndpoint, normalizeEndpointWorkers } from '../normalize.js';
import type { RequestOptions } from '../options.js';
import { isObject } from '../tolerant.js';
import type { Transport } from '../transport.js';
import type { EndpointWorkers, RunpodEndpoint, UpdateEndpointRequest } from '../types.js';

function requireEndpoint(json: unknown, fail: (reason: string) => never): RunpodEndpoint {
  return normalizeEndpoint(json) ?? fail('expected an endpoint with an id');
}

/** Serverless endpoints (`/v2/serverless`). */
export class EndpointsResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  list(options?: RequestOptions): Promise<RunpodEndpoint[]> {
    return this.#transport.rest({
      method: 'GET',
      template: '/serverless',
      options,
      parse: (json, fail) => {
        const endpoints = isObject(json) ? json.endpoints : undefined;
        if (!Array.isArray(endpoints)) return fail('expected { endpoints: [...] }');
        return endpoints.map(normalizeEndpoint).filter((endpoint) => endpoint !== null);
      },
    });
  }

  get(id: string, options?: RequestOptions): Promise<RunpodEndpoint> {
    return this.#transport.rest({
      method: 'GET',
      template: '/serverless/{id}',
      params: { id },
      options,
      parse: requireEndpoint,
    });
  }

  /** `PATCH /v2/serverless/{id}`, e.g. `{ workers: { min: 0 } }` to scale to zero. Triggers a rolling release. */
  update(id: string, body: UpdateEndpointRequest, options?: RequestOptions): Promise<RunpodEndpoint> {
    return this.#transport.rest({
      method: 'PATCH',
      template: '/serverless/{id}',
      params: { id },
      body,
      options,
      parse: requireEndpoint,
    });
  }

  /** `GET /v2/serverless/{id}/workers`: active workers and the summary the pruner checks. */
  workers(id: string, options?: RequestOptions): Promise<EndpointWorkers> {
    return this.#transport.rest({
      method: 'GET',
      template: '/serverless/{id}/workers',
      params: { id },
      options,
      parse: (json, fail) => (isObject(json) ? normalizeEndpointWorkers(json) : fail('expected an object')),
    });
  }
}

import { normalizeServerlessHealth } from '../normalize.js';
import type { RequestOptions } from '../options.js';
import { isObject } from '../tolerant.js';
import type { Transport } from '../transport.js';
import type { ServerlessHealth } from '../types.js';

/** The serverless API (`https://api.runpod.ai/v2` by default). */
export class ServerlessResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** `GET {serverlessUrl}/{endpointId}/health`: job and worker counts, missing keys as 0. */
  health(endpointId: string, options?: RequestOptions): Promise<ServerlessHealth> {
    return this.#transport.serverless({
      template: '/{endpointId}/health',
      params: { endpointId },
      options,
      parse: (json, fail) => (isObject(json) ? normalizeServerlessHealth(json) : fail('expected an object')),
    });
  }
}

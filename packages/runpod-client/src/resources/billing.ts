import { normalizePodBilling, normalizeServerlessBilling } from '../normalize.js';
import type { RequestOptions } from '../options.js';
import { isObject } from '../tolerant.js';
import type { Transport } from '../transport.js';
import type { PodBilling, PodBillingQuery, ServerlessBilling, ServerlessBillingQuery } from '../types.js';

/** Billed amounts per time bucket (`/v2/billing/...`). */
export class BillingResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** `GET /v2/billing/pods`: records per pod per bucket, and totals. */
  pods(query?: PodBillingQuery, options?: RequestOptions): Promise<PodBilling> {
    return this.#transport.rest({
      method: 'GET',
      template: '/billing/pods',
      query: { ...query },
      options,
      parse: (json, fail) => (isObject(json) ? normalizePodBilling(json) : fail('expected an object')),
    });
  }

  /** `GET /v2/billing/serverless`: records per endpoint per bucket, and totals. */
  serverless(query?: ServerlessBillingQuery, options?: RequestOptions): Promise<ServerlessBilling> {
    return this.#transport.rest({
      method: 'GET',
      template: '/billing/serverless',
      query: { ...query },
      options,
      parse: (json, fail) => (isObject(json) ? normalizeServerlessBilling(json) : fail('expected an object')),
    });
  }
}

import type { ApiName } from './errors.js';
import { resolveOptions, type ClientOptions } from './options.js';
import type { RateLimitState } from './rate-limit.js';
import { Redactor } from './redact.js';
import { BillingResource } from './resources/billing.js';
import { CatalogResource } from './resources/catalog.js';
import { EndpointsResource } from './resources/endpoints.js';
import { GraphqlResource } from './resources/graphql.js';
import { PodsResource } from './resources/pods.js';
import { ServerlessResource } from './resources/serverless.js';
import { RateLimitTracker, Transport } from './transport.js';

/**
 * The typed RunPod client: REST v2 (`pods`, `endpoints`, `billing`, `catalog`), GraphQL
 * (`graphql`) and the serverless API (`serverless`), with one retry, timeout, error and
 * rate-limit policy for all three.
 *
 * The key is held in a private field: it is not an enumerable property, so neither
 * `JSON.stringify(client)` nor `console.log(client)` shows it.
 */
export class RunpodClient {
  readonly pods: PodsResource;
  readonly endpoints: EndpointsResource;
  readonly billing: BillingResource;
  readonly catalog: CatalogResource;
  readonly graphql: GraphqlResource;
  readonly serverless: ServerlessResource;

  readonly #options: ClientOptions;
  readonly #transport: Transport;
  readonly #rateLimits: RateLimitTracker;

  constructor(options: ClientOptions) {
    this.#options = { ...options };
    this.#rateLimits = rateLimitsOf(options) ?? new RateLimitTracker();
    this.#transport = new Transport(
      resolveOptions(options),
      new Redactor([options.apiKey]),
      this.#rateLimits,
    );
    this.pods = new PodsResource(this.#transport);
    this.endpoints = new EndpointsResource(this.#transport);
    this.billing = new BillingResource(this.#transport);
    this.catalog = new CatalogResource(this.#transport);
    this.graphql = new GraphqlResource(this.#transport);
    this.serverless = new ServerlessResource(this.#transport);
  }

  /**
   * A client with some options replaced (e.g. another `timeoutMs` for a slow batch). It shares
   * this client's rate-limit state, as both spend the same account's quota.
   */
  withOptions(overrides: Partial<ClientOptions>): RunpodClient {
    const options = { ...this.#options, ...overrides };
    sharedRateLimits.set(options, this.#rateLimits);
    return new RunpodClient(options);
  }

  /**
   * The `RateLimit` / `RateLimit-Policy` state of the last response from `api` that carried
   * those headers (REST v2 documents them), or null if none has yet.
   */
  getRateLimit(api: ApiName = 'rest'): RateLimitState | null {
    return this.#transport.rateLimit(api);
  }

  toJSON(): Record<string, unknown> {
    const { restUrl, graphqlUrl, serverlessUrl, timeoutMs, maxRetries } = this.#transport.options;
    const redact = (url: string): string => this.#transport.redactor.text(url);
    return {
      restUrl: redact(restUrl),
      graphqlUrl: redact(graphqlUrl),
      serverlessUrl: redact(serverlessUrl),
      timeoutMs,
      maxRetries,
    };
  }
}

// Hands the tracker from withOptions to the constructor without putting it in the public options.
const sharedRateLimits = new WeakMap<ClientOptions, RateLimitTracker>();

function rateLimitsOf(options: ClientOptions): RateLimitTracker | undefined {
  return sharedRateLimits.get(options);
}

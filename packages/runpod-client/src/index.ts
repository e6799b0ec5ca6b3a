export { RunpodClient } from './client.js';
export {
  AbortedError,
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  GoneError,
  GraphqlError,
  InternalServerError,
  isGraphqlRetired,
  MalformedResponseError,
  NotFoundError,
  PermissionDeniedError,
  PodCreateUnconfirmedError,
  RateLimitError,
  RunpodError,
  TimeoutError,
  UnprocessableEntityError,
  type ApiName,
  type GraphqlErrorItem,
  type HttpMethod,
  type ProblemDetails,
} from './errors.js';
export {
  DEFAULT_GRAPHQL_URL,
  DEFAULT_MAX_RETRIES,
  DEFAULT_MAX_RETRY_WAIT_MS,
  DEFAULT_REST_URL,
  DEFAULT_SERVERLESS_URL,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_USER_AGENT,
  type AttemptDescription,
  type ClientHooks,
  type ClientOptions,
  type RequestEvent,
  type RequestOptions,
  type ResponseEvent,
  type RetryEvent,
} from './options.js';
export { parseRateLimit, parseRetryAfter, type RateLimitState, type RateLimitWindow } from './rate-limit.js';
export { CREATE_MARKER_ENV, type CreatePodOptions, type CreatePodResult } from './resources/pods.js';
export type { ResumePodOptions } from './resources/graphql.js';
export {
  normalizeAccountSpend,
  normalizeEndpoint,
  normalizeEndpointWorkers,
  normalizePod,
  normalizePodBilling,
  normalizePodStatus,
  normalizePodTelemetry,
  normalizeServerlessBilling,
  normalizeServerlessHealth,
} from './normalize.js';
export { readNumber, readTimestamp } from './tolerant.js';
export type * from './types.js';
export type {
  components as RunpodRestSchemas,
  operations as RunpodRestOperations,
} from './openapi-v2.generated.js';

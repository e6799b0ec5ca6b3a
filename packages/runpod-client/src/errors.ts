import type { RateLimitState } from './rate-limit.js';

/**
 * Error hierarchy after openai-node `src/core/error.ts`:
 *
 * RunpodError
 * ├─ ApiError (HTTP status ≥ 400) ─ BadRequestError 400, AuthenticationError 401,
 * │                                  PermissionDeniedError 403, NotFoundError 404, ConflictError 409,
 * │                                  GoneError 410, UnprocessableEntityError 422, RateLimitError 429, InternalServerError 5xx
 * ├─ ConnectionError ─ TimeoutError
 * ├─ MalformedResponseError (a 2xx whose body is not the JSON it should be)
 * ├─ GraphqlError (`errors[]` inside an HTTP 200)
 * ├─ AbortedError (the caller's AbortSignal fired)
 * └─ PodCreateUnconfirmedError (a create failed ambiguously and the pod could not be looked up)
 *
 * Every text stored on these errors has been redacted by the transport before construction, and
 * `toJSON` serialises only those fields, so neither `String(error)`, `error.stack`,
 * `JSON.stringify(error)` nor `util.inspect(error)` can show the API key.
 */

export type ApiName = 'rest' | 'graphql' | 'serverless';
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Which request an error belongs to: the route is a template (`GET /v2/pods/{id}`), never a URL. */
export interface RequestDescription {
  api: ApiName;
  method: HttpMethod;
  route: string;
  /** GraphQL operation name, e.g. `podwatchPods`. */
  operation?: string | null;
}

/** An RFC 9457 problem document, as RunPod's REST v2 sends on every error. */
export interface ProblemDetails {
  title: string | null;
  status: number | null;
  detail: string | null;
  /** Individual validation failures (422). */
  errors: string[];
}

export class RunpodError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  /** Only the fields declared by the error classes; they are redacted when set. */
  toJSON(): Record<string, unknown> {
    const fields: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) fields[key] = value;
    if (this.cause instanceof Error) fields.cause = { name: this.cause.name, message: this.cause.message };
    return fields;
  }
}

export interface ApiErrorInit extends RequestDescription {
  status: number;
  headers: Record<string, string>;
  /** The parsed problem+json or JSON body, else the body text (redacted), else null. */
  body: unknown;
  problem: ProblemDetails | null;
  requestId: string | null;
  retryAfterMs: number | null;
  rateLimit: RateLimitState | null;
}

export class ApiError extends RunpodError {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly problem: ProblemDetails | null;
  /** From `x-request-id` / `request-id` / `cf-ray`: what RunPod support asks for. */
  readonly requestId: string | null;
  /** The wait the server asked for (`Retry-After`, or an exhausted `RateLimit` window). */
  readonly retryAfterMs: number | null;
  readonly api: ApiName;
  readonly method: HttpMethod;
  readonly route: string;
  readonly operation: string | null;

  constructor(init: ApiErrorInit) {
    super(apiErrorMessage(init));
    this.status = init.status;
    this.headers = init.headers;
    this.body = init.body;
    this.problem = init.problem;
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
    this.api = init.api;
    this.method = init.method;
    this.route = init.route;
    this.operation = init.operation ?? null;
  }

  /** The subclass for the status family. */
  static from(init: ApiErrorInit): ApiError {
    switch (init.status) {
      case 400:
        return new BadRequestError(init);
      case 401:
        return new AuthenticationError(init);
      case 403:
        return new PermissionDeniedError(init);
      case 404:
        return new NotFoundError(init);
      case 409:
        return new ConflictError(init);
      case 410:
        return new GoneError(init);
      case 422:
        return new UnprocessableEntityError(init);
      case 429:
        return new RateLimitError(init);
      default:
        return init.status >= 500 ? new InternalServerError(init) : new ApiError(init);
    }
  }
}

export class BadRequestError extends ApiError {}
export class AuthenticationError extends ApiError {}
export class PermissionDeniedError extends ApiError {}
export class NotFoundError extends ApiError {}
export class ConflictError extends ApiError {}
/** 410: the API has been retired (REST v1 since 2026-11-15; GraphQL announced for early 2027). */
export class GoneError extends ApiError {}
export class UnprocessableEntityError extends ApiError {}
export class InternalServerError extends ApiError {}

export class RateLimitError extends ApiError {
  /** The `RateLimit` windows sent with the 429, if any. */
  readonly rateLimit: RateLimitState | null;

  constructor(init: ApiErrorInit) {
    super(init);
    this.rateLimit = init.rateLimit;
  }
}

export class ConnectionError extends RunpodError {
  /** The system error code when there is one: `ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`, … */
  readonly code: string | null;
  readonly api: ApiName;
  readonly method: HttpMethod;
  readonly route: string;
  readonly operation: string | null;

  constructor(
    message: string,
    request: RequestDescription,
    options?: { cause?: unknown; code?: string | null },
  ) {
    super(message, options);
    this.code = options?.code ?? null;
    this.api = request.api;
    this.method = request.method;
    this.route = request.route;
    this.operation = request.operation ?? null;
  }

  /** True when the request cannot have reached the server (refused, or the name did not resolve). */
  get neverSent(): boolean {
    return this.code !== null && NOT_SENT_CODES.has(this.code);
  }
}

const NOT_SENT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

export class TimeoutError extends ConnectionError {
  readonly timeoutMs: number;

  constructor(request: RequestDescription, timeoutMs: number) {
    super(`Request timed out after ${timeoutMs} ms (${describeRequest(request)})`, request);
    this.timeoutMs = timeoutMs;
  }
}

export class MalformedResponseError extends RunpodError {
  readonly status: number;
  readonly requestId: string | null;
  /** The start of the body (redacted), to see what came instead of JSON. */
  readonly bodySnippet: string;
  readonly api: ApiName;
  readonly method: HttpMethod;
  readonly route: string;
  readonly operation: string | null;

  constructor(
    reason: string,
    init: RequestDescription & { status: number; requestId: string | null; bodySnippet: string },
  ) {
    super(`Malformed response (HTTP ${init.status}, ${describeRequest(init)}): ${reason}`);
    this.status = init.status;
    this.requestId = init.requestId;
    this.bodySnippet = init.bodySnippet;
    this.api = init.api;
    this.method = init.method;
    this.route = init.route;
    this.operation = init.operation ?? null;
  }
}

/** One entry of a GraphQL `errors[]`. `extensions.code` is `"RUNPOD"` for RunPod's own errors. */
export interface GraphqlErrorItem {
  message: string;
  path: (string | number)[] | null;
  code: string | null;
  extensions: Record<string, unknown> | null;
}

export class GraphqlError extends RunpodError {
  readonly errors: GraphqlErrorItem[];
  /** Whatever `data` came with the errors (often a partial result), redacted. */
  readonly data: unknown;
  readonly status: number;
  readonly requestId: string | null;
  readonly operation: string | null;

  constructor(init: {
    errors: GraphqlErrorItem[];
    data: unknown;
    status: number;
    requestId: string | null;
    operation: string | null;
  }) {
    const first = init.errors[0]?.message ?? 'GraphQL error';
    const more = init.errors.length > 1 ? ` (and ${init.errors.length - 1} more)` : '';
    super(`GraphQL ${init.operation ?? 'request'} failed: ${first}${more}`);
    this.errors = init.errors;
    this.data = init.data;
    this.status = init.status;
    this.requestId = init.requestId;
    this.operation = init.operation;
  }
}

export class AbortedError extends RunpodError {
  constructor(request: RequestDescription) {
    super(`Request was aborted (${describeRequest(request)})`);
  }
}

/**
 * `POST /v2/pods` failed in a way that does not prove the pod was not created, and the lookup
 * that should have settled it failed too. A pod named `name` whose env holds
 * `PODWATCH_CREATE_ID=<idempotencyKey>` may exist and be billing.
 */
export class PodCreateUnconfirmedError extends RunpodError {
  readonly podName: string;
  readonly idempotencyKey: string;

  constructor(init: {
    podName: string;
    idempotencyKey: string;
    createError: RunpodError;
    lookupError: RunpodError;
  }) {
    super(
      `Pod creation is unconfirmed: the create failed (${init.createError.message}) and looking the pod up failed ` +
        `(${init.lookupError.message}). Look for pod "${init.podName}" with PODWATCH_CREATE_ID=${init.idempotencyKey}.`,
      { cause: init.createError },
    );
    this.podName = init.podName;
    this.idempotencyKey = init.idempotencyKey;
  }
}

export function describeRequest(request: RequestDescription): string {
  const operation = request.operation ? ` ${request.operation}` : '';
  return `${request.method} ${request.route}${operation}`;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function apiErrorMessage(init: ApiErrorInit): string {
  const title = init.problem?.title ?? STATUS_TEXT[init.status] ?? 'Error';
  let detail = init.problem?.detail ?? null;
  if (detail === null && typeof init.body === 'string' && init.body.trim().length > 0) {
    detail = init.body.trim().slice(0, 200);
  }
  const validation = init.problem?.errors.length ? ` [${init.problem.errors.join('; ')}]` : '';
  return `${init.status} ${title}${detail ? `: ${detail}` : ''}${validation} (${describeRequest(init)})`;
}

/**
 * True when `error` says RunPod's GraphQL API is no longer there: 410 Gone, as RunPod announced,
 * or 404 (an endpoint removed outright). Callers switch GraphQL off rather than retry forever.
 */
export function isGraphqlRetired(error: unknown): error is ApiError {
  return (
    error instanceof ApiError && error.api === 'graphql' && (error.status === 410 || error.status === 404)
  );
}

import { GraphQLClient } from 'graphql-request';
import {
  AbortedError,
  ApiError,
  ConnectionError,
  GraphqlError,
  MalformedResponseError,
  RunpodError,
  TimeoutError,
  describeRequest,
  type ApiName,
  type GraphqlErrorItem,
  type HttpMethod,
  type ProblemDetails,
  type RequestDescription,
} from './errors.js';
import { buildQuery, fillPath, type QueryValue } from './path.js';
import {
  resolveCallOptions,
  type AttemptDescription,
  type RequestEvent,
  type RequestOptions,
  type ResolvedOptions,
} from './options.js';
import {
  parseRateLimit,
  parseRetryAfter,
  serverRequestedDelayMs,
  type RateLimitState,
} from './rate-limit.js';
import type { Redactor } from './redact.js';
import { isObject, readNumber, readString, readStringArray } from './tolerant.js';

/** Rate-limit state shared by a client and every client derived from it with `withOptions`. */
export class RateLimitTracker {
  readonly #states = new Map<ApiName, RateLimitState>();

  get(api: ApiName): RateLimitState | null {
    return this.#states.get(api) ?? null;
  }

  set(api: ApiName, state: RateLimitState): void {
    this.#states.set(api, state);
  }
}

export interface Attempt {
  /** 1 for the first try. */
  number: number;
  /** Fires on timeout or on the caller's abort. */
  signal: AbortSignal;
  /** The failure of the previous attempt, if this is a retry. */
  previousError: RunpodError | null;
  timeoutMs: number;
}

export interface HttpExchange extends RequestDescription {
  url: string;
  headers?: ConstructorParameters<typeof Headers>[0];
  body?: string;
}

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  requestId: string | null;
  rateLimit: RateLimitState | null;
}

export interface RetryPolicy<T> {
  retryable(error: RunpodError): boolean;
  /**
   * Runs after a retryable failure (after the wait, before the next attempt) and after the last
   * one. A defined result ends the call with that result: this is how a create whose outcome is
   * unknown finds the pod it made instead of making a second one.
   */
  reconcile?(error: RunpodError): Promise<T | undefined>;
}

/** 408, 429 and 5xx are transient; every other status is an answer (409 above all). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * The default for reads and for writes that converge (PATCH, actions, DELETE): retry transient
 * statuses, network failures, timeouts and malformed bodies, which a proxy hiccup produces.
 */
export function isTransientFailure(error: RunpodError): boolean {
  return (
    (error instanceof ApiError && isRetryableStatus(error.status)) ||
    error instanceof ConnectionError ||
    error instanceof MalformedResponseError
  );
}

export const RETRY_TRANSIENT: RetryPolicy<never> = { retryable: isTransientFailure };

const INITIAL_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;
const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-runpod-request-id', 'cf-ray'];
const SNIPPET_LENGTH = 300;
const BODY_KEEP_LENGTH = 4_000;

class TimeoutReason extends Error {}

export interface RestCall<T> {
  method: HttpMethod;
  /** Relative to the REST base, e.g. `/pods/{id}`; `/v2` + this is the route label. */
  template: string;
  params?: Record<string, string>;
  query?: Record<string, QueryValue>;
  body?: unknown;
  options?: RequestOptions;
  policy?: RetryPolicy<T>;
  /** Accept an empty 2xx body (e.g. 204); `parse` then receives `undefined`. */
  allowEmpty?: boolean;
  /** Called at the start of every attempt. */
  onAttempt?: (attempt: Attempt) => void;
  /** Reads the JSON body; `fail` throws a MalformedResponseError for this response. */
  parse: (json: unknown, fail: (reason: string) => never) => T;
}

export interface GraphqlCall<TData, T> {
  operation: string;
  document: string;
  variables?: Record<string, unknown>;
  options?: RequestOptions;
  policy?: RetryPolicy<T>;
  parse: (data: TData, fail: (reason: string) => never) => T;
}

export interface ServerlessCall<T> {
  template: string;
  params: Record<string, string>;
  options?: RequestOptions;
  parse: (json: unknown, fail: (reason: string) => never) => T;
}

export class Transport {
  readonly options: ResolvedOptions;
  readonly redactor: Redactor;
  readonly #rateLimits: RateLimitTracker;

  constructor(options: ResolvedOptions, redactor: Redactor, rateLimits: RateLimitTracker) {
    this.options = options;
    this.redactor = redactor;
    this.#rateLimits = rateLimits;
  }

  rateLimit(api: ApiName): RateLimitState | null {
    return this.#rateLimits.get(api);
  }

  /** A REST v2 call: JSON in, JSON out, errors as ApiError subclasses. */
  // async, so that a bad path parameter rejects like every other failure instead of throwing.
  async rest<T>(call: RestCall<T>): Promise<T> {
    const request: RequestDescription = { api: 'rest', method: call.method, route: `/v2${call.template}` };
    const url = `${this.options.restUrl}${fillPath(call.template, call.params ?? {})}${buildQuery(call.query)}`;
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    return await this.run(request, call.options, call.policy ?? RETRY_TRANSIENT, async (attempt) => {
      call.onAttempt?.(attempt);
      const result = await this.exchange({ ...request, url, body }, attempt);
      return this.#readJson(request, result, call.parse, call.allowEmpty);
    });
  }

  /** `GET {serverlessUrl}/…`: the serverless API (health). */
  async serverless<T>(call: ServerlessCall<T>): Promise<T> {
    const request: RequestDescription = { api: 'serverless', method: 'GET', route: `/v2${call.template}` };
    const url = `${this.options.serverlessUrl}${fillPath(call.template, call.params)}`;
    return await this.run(request, call.options, RETRY_TRANSIENT, async (attempt) => {
      const result = await this.exchange({ ...request, url }, attempt);
      return this.#readJson(request, result, call.parse);
    });
  }

  /** A REST or serverless response: an ApiError for status ≥ 400, else the JSON body through `parse`. */
  #readJson<T>(
    request: RequestDescription,
    result: HttpResult,
    parse: (json: unknown, fail: (reason: string) => never) => T,
    allowEmpty?: boolean,
  ): T {
    if (result.status >= 400) throw this.apiError(request, result);
    return parse(this.parseJson(request, result, allowEmpty), (reason) => {
      throw this.malformed(request, result, reason);
    });
  }

  /**
   * A GraphQL operation through graphql-request, which builds the request body and reads the
   * execution result. Its `fetch` is this transport's exchange, so GraphQL gets the same auth,
   * timeouts, hooks and HTTP error classes as REST; `errors[]` in a 200 becomes GraphqlError.
   */
  graphql<TData, T>(call: GraphqlCall<TData, T>): Promise<T> {
    const request: RequestDescription = {
      api: 'graphql',
      method: 'POST',
      route: '/graphql',
      operation: call.operation,
    };
    return this.run(request, call.options, call.policy ?? RETRY_TRANSIENT, async (attempt) => {
      let last: HttpResult | undefined;
      const client = new GraphQLClient(this.options.graphqlUrl, {
        errorPolicy: 'all',
        fetch: async (input, init) => {
          const url = input instanceof Request ? input.url : input.toString();
          const body = typeof init?.body === 'string' ? init.body : undefined;
          const result = await this.exchange({ ...request, url, headers: init?.headers, body }, attempt);
          last = result;
          if (result.status >= 400) throw this.apiError(request, result);
          const json = this.parseJson(request, result);
          if (!isExecutionResult(json))
            throw this.malformed(request, result, 'not a GraphQL execution result');
          // graphql-request picks its parser by content type; the body has been checked already.
          return new Response(result.text, {
            status: result.status,
            headers: { 'content-type': 'application/json' },
          });
        },
      });
      const response = await client.rawRequest<TData>(call.document, call.variables);
      const exchange = last;
      if (exchange === undefined) throw new RunpodError(`No response (${describeRequest(request)})`);
      const fail = (reason: string): never => {
        throw this.malformed(request, exchange, reason);
      };
      if (response.errors && response.errors.length > 0) {
        throw new GraphqlError({
          errors: response.errors.map((error) => this.#graphqlErrorItem(error)),
          data: this.redactor.json(response.data ?? null),
          status: exchange.status,
          requestId: exchange.requestId,
          operation: call.operation,
        });
      }
      if (response.data === undefined || response.data === null) return fail('no data and no errors');
      return call.parse(response.data, fail);
    });
  }

  #graphqlErrorItem(error: unknown): GraphqlErrorItem {
    const item = isObject(error) ? error : {};
    const extensions = isObject(item.extensions)
      ? (this.redactor.json(item.extensions) as Record<string, unknown>)
      : null;
    const path = Array.isArray(item.path)
      ? item.path.filter(
          (part): part is string | number => typeof part === 'string' || typeof part === 'number',
        )
      : null;
    return {
      message: this.redactor.text(readString(item.message) ?? 'GraphQL error'),
      path,
      code: extensions ? readString(extensions.code) : null,
      extensions,
    };
  }

  /** Runs `send` with a timeout per attempt and retries it as `policy` allows. */
  async run<T>(
    request: RequestDescription,
    callOptions: RequestOptions | undefined,
    policy: RetryPolicy<T>,
    send: (attempt: Attempt) => Promise<T>,
  ): Promise<T> {
    const { maxRetries, timeoutMs } = resolveCallOptions(this.options, callOptions);
    const callerSignal = anySignal([this.options.signal, callOptions?.signal]);
    let previousError: RunpodError | null = null;

    for (let number = 1; ; number += 1) {
      await this.#waitForQuota(request, callerSignal);
      let failure: RunpodError;
      try {
        return await this.#attempt(request, callerSignal, { number, previousError, timeoutMs }, send);
      } catch (error) {
        failure = this.toRunpodError(error, request);
      }
      if (failure instanceof AbortedError || !policy.retryable(failure)) throw failure;

      const delay = number > maxRetries ? null : this.#retryDelay(failure, number);
      if (delay === null) {
        const settled = await policy.reconcile?.(failure);
        if (settled !== undefined) return settled;
        throw failure;
      }
      this.#hook('onRetry', {
        ...this.#base(request, number),
        delayMs: delay.ms,
        delaySource: delay.source,
        error: failure,
      });
      await this.#sleep(request, delay.ms, callerSignal);
      const settled = await policy.reconcile?.(failure);
      if (settled !== undefined) return settled;
      previousError = failure;
    }
  }

  async #attempt<T>(
    request: RequestDescription,
    callerSignal: AbortSignal | undefined,
    attempt: Omit<Attempt, 'signal'>,
    send: (attempt: Attempt) => Promise<T>,
  ): Promise<T> {
    const { timeoutMs } = attempt;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new TimeoutReason()), timeoutMs);
    const signal = anySignal([timeout.signal, callerSignal]) ?? timeout.signal;
    try {
      return await send({ ...attempt, signal });
    } catch (error) {
      if (error instanceof RunpodError) throw error;
      if (timeout.signal.aborted) throw new TimeoutError(request, timeoutMs);
      if (callerSignal?.aborted) throw new AbortedError(request);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * One HTTP exchange: adds auth and User-Agent, reads the whole body under the attempt's
   * signal, records rate-limit headers and reports to the hooks. Any status is returned; only a
   * failure to get a response throws (ConnectionError, TimeoutError, AbortedError).
   */
  async exchange(exchange: HttpExchange, attempt: Attempt): Promise<HttpResult> {
    const headers = new Headers(exchange.headers);
    headers.set('authorization', `Bearer ${this.options.apiKey}`);
    headers.set('user-agent', this.options.userAgent);
    if (!headers.has('accept')) headers.set('accept', 'application/json, application/problem+json');
    if (exchange.body !== undefined && !headers.has('content-type'))
      headers.set('content-type', 'application/json');

    const event: RequestEvent = {
      ...this.#base(exchange, attempt.number),
      url: this.redactor.text(exchange.url),
    };
    this.#hook('onRequest', event);
    const started = performance.now();
    let response: Response;
    let text: string;
    try {
      response = await fetch(exchange.url, {
        method: exchange.method,
        headers,
        body: exchange.body,
        signal: attempt.signal,
        redirect: 'error',
      });
      text = await response.text();
    } catch (error) {
      const failure = this.#networkFailure(error, exchange, attempt);
      this.#hook('onResponse', {
        ...event,
        status: null,
        durationMs: performance.now() - started,
        requestId: null,
        rateLimitRemaining: null,
        rateLimit: null,
        errorName: failure.name,
      });
      throw failure;
    }

    const rateLimit = parseRateLimit(response.headers, this.options.now());
    if (rateLimit !== null) this.#rateLimits.set(exchange.api, rateLimit);
    const requestId = readRequestId(response.headers);
    this.#hook('onResponse', {
      ...event,
      status: response.status,
      durationMs: performance.now() - started,
      requestId,
      rateLimitRemaining: rateLimit?.remaining ?? null,
      rateLimit,
      errorName: null,
    });
    return { status: response.status, headers: response.headers, text, requestId, rateLimit };
  }

  /** The ApiError subclass for a response with status ≥ 400, body and headers redacted. */
  apiError(request: RequestDescription, result: HttpResult): ApiError {
    let body: unknown = null;
    let problem: ProblemDetails | null = null;
    const trimmed = result.text.trim();
    if (trimmed.length > 0) {
      try {
        body = this.redactor.json(JSON.parse(trimmed));
        problem = readProblem(body);
      } catch {
        body = this.redactor.text(trimmed.slice(0, BODY_KEEP_LENGTH));
      }
    }
    const now = this.options.now();
    return ApiError.from({
      ...request,
      status: result.status,
      headers: this.redactor.headers(result.headers),
      body,
      problem,
      requestId: result.requestId,
      retryAfterMs: serverRequestedDelayMs(parseRetryAfter(result.headers, now), result.rateLimit, now),
      rateLimit: result.rateLimit,
    });
  }

  /** Parses a 2xx body as JSON; an empty body is `undefined` when `allowEmpty`, else malformed. */
  parseJson(request: RequestDescription, result: HttpResult, allowEmpty = false): unknown {
    const trimmed = result.text.trim();
    if (trimmed.length === 0) {
      if (allowEmpty) return undefined;
      throw this.malformed(request, result, 'empty body where JSON was expected');
    }
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      throw this.malformed(request, result, 'body is not valid JSON');
    }
  }

  malformed(request: RequestDescription, result: HttpResult, reason: string): MalformedResponseError {
    return new MalformedResponseError(reason, {
      ...request,
      status: result.status,
      requestId: result.requestId,
      bodySnippet: this.redactor.text(result.text.slice(0, SNIPPET_LENGTH)),
    });
  }

  /** Anything thrown below the retry loop, as a RunpodError whose message has been redacted. */
  toRunpodError(error: unknown, request: RequestDescription): RunpodError {
    if (error instanceof RunpodError) return error;
    const message = error instanceof Error ? error.message : String(error);
    // Only a library bug reaches this point; its error is not attached, as it may quote the request.
    return new RunpodError(
      `Unexpected failure (${describeRequest(request)}): ${this.redactor.text(message)}`,
    );
  }

  #networkFailure(error: unknown, request: RequestDescription, attempt: Attempt): RunpodError {
    if (attempt.signal.aborted) {
      return attempt.signal.reason instanceof TimeoutReason
        ? new TimeoutError(request, attempt.timeoutMs)
        : new AbortedError(request);
    }
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const code = isObject(cause) ? readString(cause.code) : null;
    const message = cause instanceof Error ? cause.message : String(cause);
    const detail = this.redactor.text(message);
    const sanitized = new Error(detail);
    if (code !== null) Object.assign(sanitized, { code });
    return new ConnectionError(
      `Connection failed (${describeRequest(request)}): ${detail}${code && !message.includes(code) ? ` [${code}]` : ''}`,
      request,
      { cause: sanitized, code },
    );
  }

  #retryDelay(error: RunpodError, attempt: number): { ms: number; source: 'server' | 'backoff' } | null {
    if (error instanceof ApiError && error.retryAfterMs !== null) {
      // A server that asks for a longer wait than we accept gets the error back at once, with
      // retryAfterMs on it, rather than a request that blocks for an hour.
      return error.retryAfterMs <= this.options.maxRetryWaitMs
        ? { ms: error.retryAfterMs, source: 'server' }
        : null;
    }
    const base = Math.min(INITIAL_BACKOFF_MS * 2 ** (attempt - 1), MAX_BACKOFF_MS);
    // Up to 25 % less than the base, as openai-node does, so that clients do not retry in step.
    return { ms: Math.round(base * (1 - this.options.random() * 0.25)), source: 'backoff' };
  }

  /** When the last response said a window is exhausted, wait for its reset before sending. */
  async #waitForQuota(request: RequestDescription, signal: AbortSignal | undefined): Promise<void> {
    const blockedUntil = this.#rateLimits.get(request.api)?.blockedUntil;
    if (!blockedUntil) return;
    const wait = blockedUntil.getTime() - this.options.now();
    if (wait > 0 && wait <= this.options.maxRetryWaitMs) await this.#sleep(request, wait, signal);
  }

  async #sleep(request: RequestDescription, ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) throw new AbortedError(request);
    try {
      await this.options.sleep(ms, signal);
    } catch {
      throw new AbortedError(request);
    }
  }

  #base(request: RequestDescription, attempt: number): AttemptDescription {
    return {
      api: request.api,
      method: request.method,
      route: request.route,
      operation: request.operation ?? null,
      attempt,
    };
  }

  #hook<K extends 'onRequest' | 'onResponse' | 'onRetry'>(
    name: K,
    event: Parameters<NonNullable<ResolvedOptions['hooks'][K]>>[0],
  ): void {
    const hook = this.options.hooks[name] as ((event: unknown) => void) | undefined;
    if (hook === undefined) return;
    try {
      hook(event);
    } catch {
      // Metrics must never break or alter a request.
    }
  }
}

function anySignal(signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}

function isExecutionResult(value: unknown): boolean {
  if (!isObject(value)) return false;
  if ('errors' in value && value.errors !== null && !Array.isArray(value.errors)) return false;
  if ('data' in value && value.data !== null && !isObject(value.data)) return false;
  if ('extensions' in value && value.extensions !== undefined && !isObject(value.extensions)) return false;
  return 'data' in value || 'errors' in value;
}

function readRequestId(headers: Headers): string | null {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value) return value;
  }
  return null;
}

function readProblem(body: unknown): ProblemDetails | null {
  if (!isObject(body)) return null;
  const title = readString(body.title);
  const detail = readString(body.detail) ?? readString(body.message) ?? readString(body.error);
  if (title === null && detail === null) return null;
  return { title, status: readNumber(body.status), detail, errors: readStringArray(body.errors) };
}

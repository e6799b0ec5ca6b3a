import type { ApiName, HttpMethod, RunpodError } from './errors.js';
import type { RateLimitState } from './rate-limit.js';

export const VERSION = '0.1.0';

// Vendor defaults live here and nowhere else; Podwatch passes all three from its config.
export const DEFAULT_REST_URL = 'https://api.runpod.io/v2';
export const DEFAULT_GRAPHQL_URL = 'https://api.runpod.io/graphql';
export const DEFAULT_SERVERLESS_URL = 'https://api.runpod.ai/v2';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;
/** The longest wait the server may ask for (Retry-After, RateLimit) before the client gives up instead. */
export const DEFAULT_MAX_RETRY_WAIT_MS = 60_000;

/**
 * A product User-Agent. Cloudflare in front of RunPod answers 403 "error code: 1010" to default
 * library agents such as `Python-urllib` (NOTES §2.1), and undici's default `node` is as bare.
 */
export const DEFAULT_USER_AGENT = `Podwatch/${VERSION} (@podwatch/runpod-client; Node.js ${process.version})`;

export interface AttemptDescription {
  api: ApiName;
  method: HttpMethod;
  /** The route template (`/v2/pods/{id}`, `/graphql`, `/v2/{endpointId}/health`), for metric labels. */
  route: string;
  /** GraphQL operation name, else null. */
  operation: string | null;
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
}

export interface RequestEvent extends AttemptDescription {
  /** The URL with any credential in it redacted. */
  url: string;
}

export interface ResponseEvent extends RequestEvent {
  /** HTTP status, or null when no response arrived (network error, timeout, abort). */
  status: number | null;
  durationMs: number;
  requestId: string | null;
  /** The smallest `r` of the `RateLimit` header, when the response carried one. */
  rateLimitRemaining: number | null;
  rateLimit: RateLimitState | null;
  /** The error class name when the attempt failed before a response (e.g. `TimeoutError`). */
  errorName: string | null;
}

export interface RetryEvent extends AttemptDescription {
  /** The wait before the next attempt. */
  delayMs: number;
  /** What the wait is based on: the server's Retry-After/RateLimit, or exponential backoff. */
  delaySource: 'server' | 'backoff';
  error: RunpodError;
}

export interface ClientHooks {
  /** Before each attempt. Hooks run synchronously; an exception in one is swallowed. */
  onRequest?: (event: RequestEvent) => void;
  /** After each attempt, successful or not. */
  onResponse?: (event: ResponseEvent) => void;
  /** When a failed attempt will be retried, before the wait. */
  onRetry?: (event: RetryEvent) => void;
}

export interface ClientOptions extends ClientHooks {
  /** The RunPod API key, sent as `Authorization: Bearer …` to all three APIs. */
  apiKey: string;
  /** REST v2 base, default `https://api.runpod.io/v2`. */
  restUrl?: string;
  /** GraphQL endpoint, default `https://api.runpod.io/graphql`. */
  graphqlUrl?: string;
  /** Serverless base, default `https://api.runpod.ai/v2` (health is `{serverlessUrl}/{endpointId}/health`). */
  serverlessUrl?: string;
  /** Per attempt, covering the response body too. Default 30 000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** Longest server-requested wait (Retry-After, exhausted RateLimit window) the client will sit out. Default 60 000 ms. */
  maxRetryWaitMs?: number;
  userAgent?: string;
  /** Aborts every request of this client. */
  signal?: AbortSignal;
  /** Waits between attempts; injected by tests to record and skip the delays. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Epoch milliseconds; used for Retry-After dates and rate-limit reset times. */
  now?: () => number;
  /** Jitter source in [0, 1). */
  random?: () => number;
}

/** Per-call overrides. */
export interface RequestOptions {
  timeoutMs?: number;
  maxRetries?: number;
  /** Aborts this call (in addition to the client's signal). */
  signal?: AbortSignal;
}

export interface ResolvedOptions {
  apiKey: string;
  restUrl: string;
  graphqlUrl: string;
  serverlessUrl: string;
  timeoutMs: number;
  maxRetries: number;
  maxRetryWaitMs: number;
  userAgent: string;
  signal: AbortSignal | undefined;
  hooks: ClientHooks;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
  random: () => number;
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function nonNegativeInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new TypeError(`${name} must be a non-negative number`);
  return Math.floor(value);
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const result = nonNegativeInteger(name, value, fallback);
  if (result === 0) throw new TypeError(`${name} must be at least 1`);
  return result;
}

function baseUrl(name: string, value: string | undefined, fallback: string, allowQuery = false): string {
  const url = value ?? fallback;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The URL is not echoed: it may carry a key in its query string.
    throw new TypeError(`${name} is not a valid URL`);
  }
  // Paths are appended to the REST and serverless bases, so a query there would corrupt them.
  if (!allowQuery && (parsed.search !== '' || parsed.hash !== '')) {
    throw new TypeError(`${name} must not have a query string or fragment`);
  }
  return url.replace(/\/+$/, '');
}

/** The per-call values, checked like the constructor's. */
export function resolveCallOptions(
  defaults: ResolvedOptions,
  call: RequestOptions | undefined,
): { timeoutMs: number; maxRetries: number } {
  return {
    timeoutMs: positiveInteger('timeoutMs', call?.timeoutMs, defaults.timeoutMs),
    maxRetries: nonNegativeInteger('maxRetries', call?.maxRetries, defaults.maxRetries),
  };
}

export function resolveOptions(options: ClientOptions): ResolvedOptions {
  if (typeof options.apiKey !== 'string' || options.apiKey.trim().length === 0) {
    throw new TypeError('apiKey must be a non-empty string');
  }
  return {
    apiKey: options.apiKey,
    restUrl: baseUrl('restUrl', options.restUrl, DEFAULT_REST_URL),
    graphqlUrl: baseUrl('graphqlUrl', options.graphqlUrl, DEFAULT_GRAPHQL_URL, true),
    serverlessUrl: baseUrl('serverlessUrl', options.serverlessUrl, DEFAULT_SERVERLESS_URL),
    timeoutMs: positiveInteger('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS),
    maxRetries: nonNegativeInteger('maxRetries', options.maxRetries, DEFAULT_MAX_RETRIES),
    maxRetryWaitMs: nonNegativeInteger('maxRetryWaitMs', options.maxRetryWaitMs, DEFAULT_MAX_RETRY_WAIT_MS),
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    signal: options.signal,
    hooks: { onRequest: options.onRequest, onResponse: options.onResponse, onRetry: options.onRetry },
    sleep: options.sleep ?? defaultSleep,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
  };
}

/**
 * The one HTTP client of the dashboard: same-origin requests to the Podwatch API with the session's
 * bearer token, `If-None-Match` revalidation for resources that carry an ETag, the audit header on
 * mutations, and RFC 9457 problem+json errors turned into ApiError with the API's own message.
 */
import type { ProblemDocument } from '@podwatch/shared';
import { observeServerDate } from './server-clock';

export const API_BASE = '/api/v1';
const DEFAULT_TIMEOUT_MS = 20_000;

export type FieldError = NonNullable<ProblemDocument['errors']>[number];

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the API could not be reached, 408 when the request timed out. */
    readonly status: number,
    message: string,
    readonly title: string | null = null,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get unauthorized(): boolean {
    return this.status === 401;
  }

  get forbidden(): boolean {
    return this.status === 403;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Any failure as an ApiError: what the client threw as is, anything else as status 0. */
export function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, errorMessage(error));
}

interface ClientConfig {
  /** The bearer token to send, read at each request. */
  token: () => string | null;
  /** Told about every 401 and 403, so that the session can forget a refused token. */
  onAuthFailure: (error: ApiError, method: string) => void;
  timeoutMs: number;
}

const config: ClientConfig = {
  token: () => null,
  onAuthFailure: () => undefined,
  timeoutMs: DEFAULT_TIMEOUT_MS,
};

export function configureHttp(options: Partial<ClientConfig>): void {
  Object.assign(config, options);
}

interface CachedBody {
  etag: string;
  body: unknown;
}

/** Last body and ETag per revalidated URL: a 304 answers with the body we already hold. */
const etagCache = new Map<string, CachedBody>();

export function clearEtagCache(): void {
  etagCache.clear();
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  /** Serialised as JSON. */
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  /** Send `If-None-Match` with the last ETag of this URL and accept a 304. */
  revalidate?: boolean;
  /** Statuses besides 2xx whose body is an answer, not an error (`/health` reports with a 503). */
  alsoOk?: number[];
  signal?: AbortSignal;
}

export interface Revalidated<T> {
  data: T;
  /** false when the API answered 304: `data` is the very object returned last time. */
  changed: boolean;
}

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

function problemOf(body: unknown): Partial<ProblemDocument> {
  return body !== null && typeof body === 'object' ? body : {};
}

function describeFailure(status: number, statusText: string, body: unknown): ApiError {
  const problem = problemOf(body);
  const fallback =
    status === 401
      ? 'This Podwatch needs a token.'
      : status === 429
        ? 'Too many requests: the API asked to slow down.'
        : statusText || `The API answered ${status}.`;
  return new ApiError(
    status,
    problem.detail ?? problem.title ?? fallback,
    problem.title ?? null,
    problem.errors ?? [],
  );
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  const token = config.token();
  if (token) headers.authorization = `Bearer ${token}`;
  if (method !== 'GET') headers['x-podwatch-client'] = 'web';
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const cached = options.revalidate ? etagCache.get(path) : undefined;
  if (cached) headers['if-none-match'] = cached.etag;

  const timeout = AbortSignal.timeout(config.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    return await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      // ETags are handled here, not by the browser cache (which would turn a 304 into a 200).
      cache: 'no-store',
      signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    if (timeout.aborted) throw new ApiError(408, 'The Podwatch API did not answer in time.');
    throw new ApiError(0, 'The Podwatch API cannot be reached.');
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (response.ok) throw new ApiError(502, 'The API answered with something that is not JSON.');
    return undefined;
  }
}

/** A request whose answer is always a fresh body (or an ApiError). */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { data } = await requestRevalidated<T>(path, { ...options, revalidate: false });
  return data;
}

/** A GET that revalidates with the last ETag: `changed` is false on a 304. */
export async function requestRevalidated<T>(
  path: string,
  options: RequestOptions = {},
): Promise<Revalidated<T>> {
  const url = buildUrl(path, options.query);
  const response = await send(url, options);
  observeServerDate(response.headers.get('date'));
  const cached = etagCache.get(url);
  if (response.status === 304 && cached) return { data: cached.body as T, changed: false };
  const body = await readBody(response);
  const ok = response.ok || (options.alsoOk ?? []).includes(response.status);
  if (!ok) {
    const error = describeFailure(response.status, response.statusText, body);
    if (error.unauthorized || error.forbidden) config.onAuthFailure(error, options.method ?? 'GET');
    throw error;
  }
  const etag = response.headers.get('etag');
  if (options.revalidate && etag) etagCache.set(url, { etag, body });
  return { data: body as T, changed: true };
}

/**
 * The CLI's only way out: Podwatch's HTTP API (never RunPod). Resolves the base URL and token,
 * and turns failures into errors with distinct exit codes.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Exit codes of every command (README "Exit codes"); scripts may rely on them. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  apiUnreachable: 3,
  unauthorized: 4,
  notFound: 5,
  confirmationFailed: 6,
  conflict: 7,
  aborted: 8,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface ApiClientOptions {
  baseUrl: string;
  token?: string;
  timeoutMs?: number;
}

/** `.podwatch/admin-token` of the repository this CLI belongs to: the API writes it at first start. */
function localAdminToken(): string | undefined {
  const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  try {
    return readFileSync(join(repoRoot, '.podwatch', 'admin-token'), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

export function resolveApiOptions(env: NodeJS.ProcessEnv = process.env): ApiClientOptions {
  return {
    baseUrl: (env.PODWATCH_URL || 'http://127.0.0.1:8080').replace(/\/+$/, ''),
    token: env.PODWATCH_TOKEN || localAdminToken(),
  };
}

interface Problem {
  title?: string;
  detail?: string;
  status?: number;
  errors?: { field: string; message: string }[];
}

/** A conditional GET's answer: the body and its validator, or "nothing changed". */
export type Conditional<T> = { changed: true; body: T; etag: string | null } | { changed: false };

export interface RequestOptions {
  timeoutMs?: number;
  ifNoneMatch?: string;
}

const API_PREFIX = '/api/v1';

/** Why fetch failed: a timeout, else the network error underneath (`connect ECONNREFUSED …`). */
function unreachableReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'no answer in time';
  return error.cause instanceof Error ? error.cause.message : error.message;
}

export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  private async send(method: string, path: string, body: unknown, options: RequestOptions) {
    const url = `${this.options.baseUrl}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          // The API records who asked in its audit trail.
          'x-podwatch-client': 'cli',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
          ...(options.ifNoneMatch ? { 'if-none-match': options.ifNoneMatch } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new CliError(
        `Cannot reach the Podwatch API at ${this.options.baseUrl} (${unreachableReason(error)}). Is it running (npm start)? Set PODWATCH_URL to point elsewhere.`,
        EXIT.apiUnreachable,
      );
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      throw new CliError(
        `${method} ${url} answered ${response.status} with a body that is not JSON: is PODWATCH_URL the Podwatch API?`,
        response.ok ? EXIT.failure : EXIT.apiUnreachable,
      );
    }
    return { response, parsed };
  }

  async request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    const { response, parsed } = await this.send(method, path, body, options);
    if (response.ok || (path === '/health' && response.status === 503)) return parsed as T;
    throw this.failure(response, parsed);
  }

  /** GET with `If-None-Match`: `{ changed: false }` on 304. */
  async getIfChanged<T>(
    path: string,
    etag: string | null,
    options: RequestOptions = {},
  ): Promise<Conditional<T>> {
    const { response, parsed } = await this.send('GET', path, undefined, {
      ...options,
      ...(etag ? { ifNoneMatch: etag } : {}),
    });
    if (response.status === 304) return { changed: false };
    if (!response.ok) throw this.failure(response, parsed);
    return { changed: true, body: parsed as T, etag: response.headers.get('etag') };
  }

  private failure(response: Response, parsed: unknown): CliError {
    const problem = (parsed ?? {}) as Problem;
    const fields = (problem.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ');
    const detail = [problem.detail ?? problem.title ?? response.statusText, fields]
      .filter(Boolean)
      .join(' — ');
    switch (response.status) {
      case 401:
      case 403:
        return new CliError(
          `${detail} Set PODWATCH_TOKEN to the admin token (the API prints where it keeps it).`,
          EXIT.unauthorized,
        );
      case 404:
        return new CliError(detail, EXIT.notFound);
      case 409:
        return new CliError(detail, EXIT.conflict);
      case 400:
      case 422:
        return new CliError(detail, EXIT.usage);
      default:
        return new CliError(`${response.status} ${detail}`, EXIT.failure);
    }
  }

  get<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('GET', path, undefined, options);
  }

  post<T>(path: string, body: unknown = {}, options?: RequestOptions): Promise<T> {
    return this.request<T>('POST', path, body, options);
  }
}

/** `/api/v1` + path, with each dynamic segment encoded. */
export function apiPath(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  let path = API_PREFIX;
  strings.forEach((part, index) => {
    path += part;
    if (index < values.length) path += encodeURIComponent(String(values[index]));
  });
  return path;
}

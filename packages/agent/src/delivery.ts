/** Posts one report to `POST /api/v1/agents/report` and classifies the answer. */
import type { AgentReport, AgentReportResult } from '@podwatch/shared';
import { AGENT_VERSION } from './version.js';

export type DeliveryOutcome =
  | { kind: 'delivered'; result: AgentReportResult }
  /** The API will never take this report (400, 413, 422): drop it, keep the others. */
  | { kind: 'rejected'; status: number; reason: string }
  /** Try again later: unreachable, timed out, 5xx, 429, 401/403 (a token can be fixed server-side). */
  | { kind: 'failed'; reason: string; status?: number; retryAfterMs?: number };

export interface DeliveryOptions {
  /** The Podwatch API's base URL, e.g. `https://podwatch.example.com`. */
  url: string;
  token?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

export const REPORT_PATH = '/api/v1/agents/report';

/** `Retry-After` in seconds or as an HTTP date, as milliseconds from `now`. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

function describeProblem(status: number, statusText: string, body: string): string {
  try {
    const problem = JSON.parse(body) as { title?: unknown; detail?: unknown };
    const detail = typeof problem.detail === 'string' ? problem.detail : undefined;
    const title = typeof problem.title === 'string' ? problem.title : statusText;
    return `${status} ${title}${detail ? `: ${detail}` : ''}`;
  } catch {
    return `${status} ${statusText}`.trim();
  }
}

function networkReason(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'no answer in time';
    if (error.name === 'AbortError') return 'stopped';
    if (error.cause instanceof Error) return error.cause.message;
    return error.message;
  }
  return String(error);
}

export async function deliver(body: AgentReport, options: DeliveryOptions): Promise<DeliveryOutcome> {
  const url = `${options.url.replace(/\/+$/, '')}${REPORT_PATH}`;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  let response: Response;
  let text: string;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        'user-agent': `podwatch-agent/${AGENT_VERSION}`,
        'x-podwatch-client': 'agent',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: JSON.stringify(body),
      signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout,
    });
    text = await response.text();
  } catch (error) {
    return { kind: 'failed', reason: `cannot reach ${url}: ${networkReason(error)}` };
  }
  if (response.ok) {
    try {
      return { kind: 'delivered', result: JSON.parse(text) as AgentReportResult };
    } catch {
      return {
        kind: 'failed',
        status: response.status,
        reason: `${url} answered ${response.status} with a body that is not JSON: is --url the Podwatch API?`,
      };
    }
  }
  const reason = describeProblem(response.status, response.statusText, text);
  if ([400, 413, 422].includes(response.status)) {
    return { kind: 'rejected', status: response.status, reason };
  }
  const after = retryAfterMs(response.headers.get('retry-after'));
  return {
    kind: 'failed',
    status: response.status,
    reason,
    ...(after !== undefined ? { retryAfterMs: after } : {}),
  };
}

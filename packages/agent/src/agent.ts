/**
 * The agent's loop: every interval, read the pod and post a report. When the API cannot be
 * reached, reports wait in a bounded buffer and are retried in order with exponential backoff;
 * nothing that happens inside a cycle ends the loop, only `signal` (SIGTERM/SIGINT) does.
 */
import type { AgentReport } from '@podwatch/shared';
import { DEFAULT_BUFFER_SIZE, ReportBuffer } from './buffer.js';
import { type CollectorOptions, ReportCollector } from './collector.js';
import { deliver, type DeliveryOutcome } from './delivery.js';

export const DEFAULT_INTERVAL_SECONDS = 15;
/** Backoff never waits longer than this between delivery attempts. */
export const MAX_BACKOFF_SECONDS = 300;

export interface AgentOptions extends Omit<CollectorOptions, 'intervalSeconds'> {
  /** The Podwatch API; without it reports are only printed (`print`). */
  url?: string;
  token?: string;
  intervalSeconds?: number;
  /** One report, one delivery attempt, then return. */
  once?: boolean;
  /** Write each report as JSON to `write` (before sending it, if there is a `url`). */
  print?: boolean;
  bufferSize?: number;
  /** Ends the loop (SIGTERM/SIGINT). */
  signal?: AbortSignal;
  /** Per delivery attempt. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Waits `ms`, or less when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Diagnostics (stderr). */
  log?: (line: string) => void;
  /** `print` output (stdout). */
  write?: (text: string) => void;
}

export interface AgentSummary {
  reports: number;
  delivered: number;
  /** Refused by the API as invalid (dropped; retrying would not help). */
  rejected: number;
  /** Dropped from the full buffer, oldest first. */
  dropped: number;
  /** Still buffered when the agent stopped. */
  pending: number;
  /** The last delivery attempt's outcome, or null when none was made. */
  last: DeliveryOutcome | null;
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Exponential backoff from one interval up to MAX_BACKOFF_SECONDS, ±20 % jitter. */
export function backoffMs(failures: number, intervalSeconds: number, random: () => number): number {
  const base = Math.min(MAX_BACKOFF_SECONDS, intervalSeconds * 2 ** Math.max(0, failures - 1)) * 1000;
  return Math.round(base * (0.8 + 0.4 * random()));
}

export async function runAgent(options: AgentOptions): Promise<AgentSummary> {
  const intervalSeconds = options.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => new Date());
  const monotonicMs = options.monotonicMs ?? (() => performance.now());
  const collector = new ReportCollector({ ...options, intervalSeconds, now, monotonicMs });
  const buffer = new ReportBuffer(options.bufferSize ?? DEFAULT_BUFFER_SIZE);
  const summary: AgentSummary = { reports: 0, delivered: 0, rejected: 0, dropped: 0, pending: 0, last: null };
  let failures = 0;
  let retryAt = 0;

  const attempt = async (report: AgentReport): Promise<DeliveryOutcome> => {
    const outcome = await deliver(
      { ...report, sentAt: now().toISOString() },
      {
        url: options.url!,
        ...(options.token ? { token: options.token } : {}),
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      },
    );
    summary.last = outcome;
    return outcome;
  };

  /** Sends buffered reports oldest first until one fails or the buffer is empty. */
  const flush = async (): Promise<void> => {
    for (let report = buffer.next(); report && !options.signal?.aborted; report = buffer.next()) {
      const outcome = await attempt(report);
      if (options.signal?.aborted) return;
      switch (outcome.kind) {
        case 'delivered':
          buffer.delivered();
          summary.delivered += 1;
          if (failures > 0) {
            log(
              `delivering again after ${failures} failed attempt(s); ${buffer.size} report(s) still buffered`,
            );
            failures = 0;
          }
          break;
        case 'rejected':
          buffer.discard();
          summary.rejected += 1;
          log(`the API refused the report of ${report.collectedAt} (${outcome.reason}); dropped it`);
          break;
        case 'failed': {
          failures += 1;
          const wait = Math.max(backoffMs(failures, intervalSeconds, random), outcome.retryAfterMs ?? 0);
          retryAt = monotonicMs() + wait;
          log(
            `delivery failed: ${outcome.reason}; ${buffer.size} report(s) buffered, next attempt in ${Math.round(wait / 1000)} s`,
          );
          return;
        }
      }
    }
  };

  while (!options.signal?.aborted) {
    const started = monotonicMs();
    try {
      const report = await collector.collect();
      summary.reports += 1;
      if (options.print) write(`${JSON.stringify(report, null, options.once ? 2 : undefined)}\n`);
      if (options.url) {
        if (options.once) {
          const outcome = await attempt(report);
          if (outcome.kind === 'delivered') summary.delivered += 1;
          else if (outcome.kind === 'rejected') summary.rejected += 1;
        } else {
          if (buffer.push(report) > 0) {
            summary.dropped = buffer.totalDropped;
            log(
              `buffer full (${buffer.capacity} reports): dropped the oldest; ${buffer.droppedSinceDelivery} dropped since the last delivery`,
            );
          }
          if (monotonicMs() >= retryAt) await flush();
        }
      }
    } catch (error) {
      // Collection contains every source's failure; this is a bug, and the loop must outlive it.
      log(
        `unexpected error in a report cycle: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
    if (options.once) break;
    const elapsed = monotonicMs() - started;
    await sleep(Math.max(0, intervalSeconds * 1000 - elapsed), options.signal);
  }
  summary.pending = buffer.size;
  summary.dropped = buffer.totalDropped;
  return summary;
}

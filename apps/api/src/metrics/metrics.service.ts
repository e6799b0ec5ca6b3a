/**
 * Prometheus metrics (prom-client), in a registry of this app's own rather than the process-wide
 * default one, so that several apps can run in one process (tests). Event counters are fed where
 * things happen (RunPod client hooks, collector cycles, prune, webhooks); fleet gauges are read
 * from the database at scrape time (FleetMetrics).
 */
import { Injectable } from '@nestjs/common';
import type { ResponseEvent, RetryEvent } from '@podwatch/runpod-client';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly runpodRequests = new Counter({
    name: 'podwatch_runpod_requests_total',
    help: 'RunPod API requests (every attempt), by API, method, route template and HTTP status ("none" when no response arrived)',
    labelNames: ['api', 'method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly runpodErrors = new Counter({
    name: 'podwatch_runpod_errors_total',
    help: 'RunPod API attempts that failed: an HTTP status of 400 or more, or no response (timeout, connection)',
    labelNames: ['api', 'route', 'error'] as const,
    registers: [this.registry],
  });

  private readonly runpodDuration = new Histogram({
    name: 'podwatch_runpod_request_duration_seconds',
    help: 'RunPod API attempt duration',
    labelNames: ['api', 'route'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  private readonly runpodRetries = new Counter({
    name: 'podwatch_runpod_retries_total',
    help: 'RunPod API attempts retried, by what the wait was based on (server: Retry-After/RateLimit; backoff)',
    labelNames: ['api', 'route', 'source'] as const,
    registers: [this.registry],
  });

  private readonly runpodRateLimit = new Gauge({
    name: 'podwatch_runpod_rate_limit_remaining',
    help: 'Requests left in the tightest RunPod rate-limit window, from the last response that said',
    labelNames: ['api'] as const,
    registers: [this.registry],
  });

  private readRunpodBudget: () => Promise<number | null> = () => Promise.resolve(null);

  private readonly runpodBudget = new Gauge({
    name: 'podwatch_runpod_budget_remaining',
    help: "RunPod REST requests left in the current minute for all replicas together (the shared budget: RunPod's quota less what every replica spent)",
    registers: [this.registry],
    collect: async () => {
      const remaining = await this.readRunpodBudget().catch(() => null);
      if (remaining === null) this.runpodBudget.reset();
      else this.runpodBudget.set(remaining);
    },
  });

  private readonly cycleDuration = new Histogram({
    name: 'podwatch_collector_cycle_duration_seconds',
    help: 'Collection cycle duration (RunPod, samples, snapshots, costs, alert rules)',
    labelNames: ['outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  private readonly cycles = new Counter({
    name: 'podwatch_collector_cycles_total',
    help: 'Collection cycles, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private readonly pruneActions = new Counter({
    name: 'podwatch_prune_actions_total',
    help: 'Stop, terminate and scale-to-zero calls prune sent, by outcome',
    labelNames: ['action', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly pruneConfirmationFailures = new Counter({
    name: 'podwatch_prune_confirmation_failures_total',
    help: 'Prune actions RunPod did not confirm (the pod kept running or billing) within the timeout',
    registers: [this.registry],
  });

  private readonly webhookDeliveries = new Counter({
    name: 'podwatch_webhook_delivery_attempts_total',
    help: 'Webhook delivery attempts, by webhook and outcome (delivered, retry, failed: given up)',
    labelNames: ['webhook', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // Zero series from the start, so that rate() works from the first scrape.
    this.pruneConfirmationFailures.inc(0);
    for (const outcome of ['ok', 'failed']) this.cycles.inc({ outcome }, 0);
  }

  runpodResponse(event: ResponseEvent): void {
    const route = event.operation ? `${event.route} ${event.operation}` : event.route;
    this.runpodRequests.inc({
      api: event.api,
      method: event.method,
      route,
      status: event.status === null ? 'none' : String(event.status),
    });
    this.runpodDuration.observe({ api: event.api, route }, event.durationMs / 1000);
    if (event.status === null || event.status >= 400) {
      this.runpodErrors.inc({
        api: event.api,
        route,
        error: event.status === null ? (event.errorName ?? 'NoResponse') : `HTTP ${event.status}`,
      });
    }
    if (event.rateLimitRemaining !== null)
      this.runpodRateLimit.set({ api: event.api }, event.rateLimitRemaining);
  }

  /** Where the shared RunPod budget is read at each scrape (RunpodBudget registers itself). */
  onRunpodBudget(read: () => Promise<number | null>): void {
    this.readRunpodBudget = read;
  }

  runpodRetry(event: RetryEvent): void {
    const route = event.operation ? `${event.route} ${event.operation}` : event.route;
    this.runpodRetries.inc({ api: event.api, route, source: event.delaySource });
  }

  cycle(ok: boolean, durationMs: number): void {
    const outcome = ok ? 'ok' : 'failed';
    this.cycles.inc({ outcome });
    this.cycleDuration.observe({ outcome }, durationMs / 1000);
  }

  pruneAction(action: string, outcome: 'ok' | 'failed'): void {
    this.pruneActions.inc({ action, outcome });
  }

  pruneConfirmationFailure(): void {
    this.pruneConfirmationFailures.inc();
  }

  webhookDelivery(webhook: string, outcome: 'delivered' | 'retry' | 'failed'): void {
    this.webhookDeliveries.inc({ webhook, outcome });
  }
}

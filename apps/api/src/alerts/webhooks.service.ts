/**
 * Webhook delivery of alerts. Every fired or resolved alert becomes one `WebhookDelivery` row per
 * matching webhook, sent in the background (collection never waits for a receiver) and retried
 * with exponential backoff by a scheduled job; every attempt is logged on the row. Attempts claim
 * their row first, so replicas never send the same attempt twice.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { WebhookEvent } from '@podwatch/shared';
import { Clock } from '../common/clock.js';
import { PODWATCH_CONFIG } from '../config/podwatch-config.module.js';
import type { PodwatchConfig } from '../config/podwatch-config.js';
import type { Alert, WebhookDelivery } from '../generated/prisma/client.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { asJson } from '../prisma/json.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { AlertsService } from './alerts.service.js';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  signBody,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  webhookPayload,
} from './webhook-payload.js';
import { errorMessage } from '../common/errors.js';

export const WEBHOOK_TIMEOUT_MS = 10_000;
/** Attempts before a delivery is given up (about an hour of backoff in all). */
export const WEBHOOK_MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 3_600_000;
/** A claimed attempt holds its row this long; longer than the request timeout. */
const LEASE_MS = 60_000;

export type Webhook = PodwatchConfig['webhooks'][number];

/** Wait before attempt `attempts + 1`: 30 s, 1 min, 2 min, … capped at an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
}

/** A webhook takes an alert when it lists no events, the event (`alert.fired`) or the rule. */
export function webhookWants(webhook: Webhook, event: WebhookEvent, rule: string): boolean {
  const wanted: readonly string[] | undefined = webhook.events;
  return !wanted || wanted.includes(event) || wanted.includes(rule);
}

/** Why a request failed, without the URL (a Slack webhook URL is itself a secret). */
function failureOf(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError')
    return `timed out after ${WEBHOOK_TIMEOUT_MS} ms`;
  if (error instanceof Error && error.name === 'AbortError') return 'aborted: the API is shutting down';
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return `connection failed: ${cause.code}`;
  return errorMessage(error);
}

@Injectable()
export class WebhooksService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WebhooksService.name);
  private readonly inFlight = new Set<Promise<void>>();
  private readonly shutdown = new AbortController();

  constructor(
    private readonly prisma: PrismaService,
    private readonly alerts: AlertsService,
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
    @Inject(PODWATCH_CONFIG) private readonly podwatch: PodwatchConfig,
  ) {}

  onModuleInit(): void {
    if (this.podwatch.webhooks.length === 0) return;
    this.alerts.onChange(async (alert, change) => {
      await this.enqueue(alert, change);
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.shutdown.abort();
    await this.drain();
  }

  /** Records a delivery per matching webhook and starts sending them without waiting. */
  async enqueue(alert: Alert, change: 'fired' | 'resolved'): Promise<WebhookDelivery[]> {
    const event: WebhookEvent = `alert.${change}`;
    const now = this.clock.now();
    const payload = asJson(webhookPayload(alert, change));
    const deliveries: WebhookDelivery[] = [];
    for (const webhook of this.podwatch.webhooks) {
      if (!webhookWants(webhook, event, alert.rule)) continue;
      deliveries.push(
        await this.prisma.webhookDelivery.create({
          data: {
            alertId: alert.id,
            webhook: webhook.name,
            event,
            payload,
            status: 'pending',
            nextAttemptAt: now,
            createdAt: now,
          },
        }),
      );
    }
    for (const delivery of deliveries) this.background(this.attempt(delivery.id));
    return deliveries;
  }

  /** Resolves once every delivery started in the background has finished its attempt. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** The retry job: one attempt for each delivery that is due, oldest first. */
  async retryDue(limit = 100): Promise<number> {
    const due = await this.prisma.webhookDelivery.findMany({
      where: { status: 'pending', nextAttemptAt: { lte: this.clock.now() } },
      orderBy: { nextAttemptAt: 'asc' },
      take: limit,
      select: { id: true },
    });
    for (const { id } of due) await this.attempt(id);
    return due.length;
  }

  /** One attempt, if the delivery is due and no one else claimed it; returns the row after it. */
  async attempt(id: string): Promise<WebhookDelivery | null> {
    const claimedAt = this.clock.now();
    const claim = await this.prisma.webhookDelivery.updateMany({
      where: { id, status: 'pending', nextAttemptAt: { lte: claimedAt } },
      data: {
        attempts: { increment: 1 },
        lastAttemptAt: claimedAt,
        nextAttemptAt: new Date(claimedAt.getTime() + LEASE_MS),
      },
    });
    if (claim.count === 0) return null;
    const delivery = await this.prisma.webhookDelivery.findUniqueOrThrow({ where: { id } });
    const webhook = this.podwatch.webhooks.find((w) => w.name === delivery.webhook);
    let responseStatus: number | null = null;
    let error: string | null = null;
    if (!webhook) {
      error = `webhook "${delivery.webhook}" is no longer configured`;
    } else {
      const body = JSON.stringify(delivery.payload);
      try {
        const response = await fetch(webhook.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Podwatch-Webhook/1',
            [EVENT_HEADER]: delivery.event,
            [DELIVERY_HEADER]: delivery.id,
            [TIMESTAMP_HEADER]: String(Math.floor(claimedAt.getTime() / 1000)),
            ...(webhook.secret ? { [SIGNATURE_HEADER]: signBody(body, webhook.secret) } : {}),
          },
          body,
          signal: AbortSignal.any([AbortSignal.timeout(WEBHOOK_TIMEOUT_MS), this.shutdown.signal]),
        });
        responseStatus = response.status;
        const text = await response.text().catch(() => '');
        if (!response.ok) error = `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
      } catch (failure) {
        error = failureOf(failure);
      }
    }
    return this.settle(delivery, responseStatus, error, webhook === undefined);
  }

  private async settle(
    delivery: WebhookDelivery,
    responseStatus: number | null,
    error: string | null,
    giveUp: boolean,
  ): Promise<WebhookDelivery> {
    const now = this.clock.now();
    if (error === null) {
      this.metrics.webhookDelivery(delivery.webhook, 'delivered');
      return this.prisma.webhookDelivery.update({
        where: { id: delivery.id },
        data: { status: 'delivered', responseStatus, lastError: null, nextAttemptAt: null, deliveredAt: now },
      });
    }
    const final = giveUp || delivery.attempts >= WEBHOOK_MAX_ATTEMPTS;
    this.metrics.webhookDelivery(delivery.webhook, final ? 'failed' : 'retry');
    this.logger.warn(
      `Webhook ${delivery.webhook}: ${delivery.event} attempt ${delivery.attempts} failed (${error})${final ? '; giving up' : ''}`,
    );
    return this.prisma.webhookDelivery.update({
      where: { id: delivery.id },
      data: {
        status: final ? 'failed' : 'pending',
        responseStatus,
        lastError: error,
        nextAttemptAt: final ? null : new Date(now.getTime() + retryDelayMs(delivery.attempts)),
      },
    });
  }

  private background(task: Promise<unknown>): void {
    const tracked: Promise<void> = task.then(
      () => undefined,
      (error: unknown) => {
        this.logger.error(`Webhook delivery failed: ${errorMessage(error)}`);
      },
    );
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }
}

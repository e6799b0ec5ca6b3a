import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { SCHEDULE_JOBS } from '../collector/collector.scheduler.js';
import { JobLock } from '../common/job-lock.js';
import { PODWATCH_CONFIG } from '../config/podwatch-config.module.js';
import type { PodwatchConfig } from '../config/podwatch-config.js';
import { WebhooksService } from './webhooks.service.js';

const RETRY_TICK_MS = 15_000;

/** Retries due webhook deliveries, once across replicas; nothing thrown escapes a tick. */
@Injectable()
export class WebhooksScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(WebhooksScheduler.name);

  constructor(
    private readonly webhooks: WebhooksService,
    private readonly lock: JobLock,
    private readonly registry: SchedulerRegistry,
    @Inject(PODWATCH_CONFIG) private readonly podwatch: PodwatchConfig,
    @Inject(SCHEDULE_JOBS) private readonly enabled: boolean,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.enabled || this.podwatch.webhooks.length === 0) return;
    this.registry.addInterval(
      'webhooks',
      setInterval(() => void this.tick(), RETRY_TICK_MS),
    );
  }

  async tick(): Promise<void> {
    try {
      await this.lock.run('webhooks', () => this.webhooks.retryDue());
    } catch (error) {
      this.logger.error(`Webhook retries failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

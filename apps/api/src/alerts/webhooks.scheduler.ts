import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ScheduledJobs } from '../common/scheduled-jobs.js';
import { PODWATCH_CONFIG } from '../config/podwatch-config.module.js';
import type { PodwatchConfig } from '../config/podwatch-config.js';
import { WebhooksService } from './webhooks.service.js';

const RETRY_TICK_MS = 15_000;

/** Retries due webhook deliveries, once across replicas. */
@Injectable()
export class WebhooksScheduler implements OnApplicationBootstrap {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly jobs: ScheduledJobs,
    @Inject(PODWATCH_CONFIG) private readonly podwatch: PodwatchConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.podwatch.webhooks.length === 0) return;
    this.jobs.every('webhooks', RETRY_TICK_MS, () => this.tick());
  }

  async tick(): Promise<void> {
    await this.jobs.run('webhooks', 'Webhook retries', () => this.webhooks.retryDue());
  }
}

import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { SCHEDULE_JOBS } from '../collector/collector.scheduler.js';
import { JobLock } from '../common/job-lock.js';
import { BILLING_REFRESH_MS, BillingService } from './billing.service.js';

/** Refreshes RunPod billing every 15 minutes, once across replicas; nothing thrown escapes a tick. */
@Injectable()
export class BillingScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(BillingScheduler.name);
  private firstRun: NodeJS.Timeout | undefined;

  constructor(
    private readonly billing: BillingService,
    private readonly lock: JobLock,
    private readonly registry: SchedulerRegistry,
    @Inject(SCHEDULE_JOBS) private readonly enabled: boolean,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.registry.addInterval(
      'billing',
      setInterval(() => void this.tick(), BILLING_REFRESH_MS),
    );
    this.firstRun = setTimeout(() => void this.tick(), 0);
  }

  onModuleDestroy(): void {
    clearTimeout(this.firstRun);
  }

  async tick(): Promise<void> {
    try {
      await this.lock.run('billing', () => this.billing.refresh());
    } catch (error) {
      this.logger.error(`Billing refresh failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ScheduledJobs } from '../common/scheduled-jobs.js';
import { BalanceService } from './balance.service.js';
import { BILLING_REFRESH_MS, BillingService } from './billing.service.js';

/** Refreshes RunPod billing (days, and hours for the balance estimate) every 15 minutes (and at start-up), once across replicas. */
@Injectable()
export class BillingScheduler implements OnApplicationBootstrap {
  constructor(
    private readonly billing: BillingService,
    private readonly balance: BalanceService,
    private readonly jobs: ScheduledJobs,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.every('billing', BILLING_REFRESH_MS, () => this.tick(), { immediately: true });
  }

  async tick(): Promise<void> {
    await this.jobs.run('billing', 'Billing refresh', async () => {
      await this.billing.refresh();
      // Hour buckets since the last known balance, for the estimate once GraphQL is gone.
      await this.balance.refreshHours();
    });
  }
}

import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ScheduledJobs } from '../common/scheduled-jobs.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/env.js';
import { PRUNE_LOCK, PruneService } from './prune.service.js';

/** Keeps finished no-op runs (nothing audited) this long; runs that acted are kept. */
const NOOP_RUN_RETENTION_MS = 24 * 3_600_000;

@Injectable()
export class PruneScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(PruneScheduler.name);

  constructor(
    private readonly prune: PruneService,
    private readonly jobs: ScheduledJobs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.every('prune', this.config.pruneIntervalSeconds * 1000, () => this.tick());
  }

  async tick(): Promise<void> {
    await this.jobs.run(PRUNE_LOCK, 'Prune run', async () => {
      const { summary } = await this.prune.run({ trigger: 'schedule', dryRun: false });
      if (summary.due + summary.warnings + summary.orphans > 0) {
        this.logger.log(
          `Prune: ${summary.stopped} stopped, ${summary.terminated} terminated, ${summary.flushed} flushed, ${summary.confirmationFailures} unconfirmed`,
        );
      }
      await this.prune.forgetNoopRuns(NOOP_RUN_RETENTION_MS);
    });
  }
}

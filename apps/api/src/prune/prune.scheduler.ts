import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { SCHEDULE_JOBS } from '../collector/collector.scheduler.js';
import { JobLock } from '../common/job-lock.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/env.js';
import { PruneService } from './prune.service.js';

/** Keeps finished no-op runs (nothing audited) this long; runs that acted are kept. */
const NOOP_RUN_RETENTION_MS = 24 * 3_600_000;

@Injectable()
export class PruneScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(PruneScheduler.name);

  constructor(
    private readonly prune: PruneService,
    private readonly lock: JobLock,
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SCHEDULE_JOBS) private readonly enabled: boolean,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.registry.addInterval(
      'prune',
      setInterval(() => void this.tick(), this.config.pruneIntervalSeconds * 1000),
    );
  }

  async tick(): Promise<void> {
    try {
      const result = await this.prune.lockedRun(this.lock, { trigger: 'schedule', dryRun: false });
      if (!result.ran) return;
      const { summary } = result.value;
      if (summary.due + summary.warnings + summary.orphans > 0) {
        this.logger.log(
          `Prune: ${summary.stopped} stopped, ${summary.terminated} terminated, ${summary.flushed} flushed, ${summary.confirmationFailures} unconfirmed`,
        );
      }
      await this.prune.forgetNoopRuns(NOOP_RUN_RETENTION_MS);
    } catch (error) {
      this.logger.error(`Prune run failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

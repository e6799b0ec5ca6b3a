import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { ScheduledJobs } from '../common/scheduled-jobs.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/env.js';
import { PODWATCH_CONFIG } from '../config/podwatch-config.module.js';
import type { PodwatchConfig } from '../config/podwatch-config.js';
import { TelemetryRepository } from '../telemetry/telemetry.repository.js';
import { CollectorService } from './collector.service.js';
import { PruneRuns } from '../prune/prune-runs.js';

const ROLLUP_INTERVAL_MS = 5 * 60_000;
/** Rollups are recomputed over this much recent history, so late samples are folded in. */
const ROLLUP_LOOKBACK_MS = 2 * 3_600_000;

/** Collection every STATS_INTERVAL (the first right at start-up), and telemetry rollups and retention. */
@Injectable()
export class CollectorScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(CollectorScheduler.name);

  constructor(
    private readonly collector: CollectorService,
    private readonly telemetry: TelemetryRepository,
    private readonly pruneRuns: PruneRuns,
    private readonly jobs: ScheduledJobs,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PODWATCH_CONFIG) private readonly podwatch: PodwatchConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.every('collector', this.config.statsIntervalSeconds * 1000, () => this.collect(), {
      immediately: true,
    });
    this.jobs.every('telemetry-maintenance', ROLLUP_INTERVAL_MS, () => this.maintain());
  }

  async collect(): Promise<void> {
    const result = await this.jobs.run('collector', 'Collection cycle', () => this.collector.collect());
    if (result?.ran === false) this.logger.debug('Another replica is collecting; skipped this tick');
  }

  async maintain(): Promise<void> {
    await this.jobs.run('telemetry-maintenance', 'Telemetry maintenance', async () => {
      const now = this.clock.now();
      const until = new Date(Math.floor(now.getTime() / 300_000) * 300_000);
      await this.telemetry.rollup(new Date(until.getTime() - ROLLUP_LOOKBACK_MS), until);
      const removed = await this.telemetry.enforceRetention(now, this.podwatch.retention);
      const auditBefore = new Date(now.getTime() - this.podwatch.retention.audit * 1000);
      const history = await this.pruneRuns.forgetBefore(auditBefore);
      const cycles = await this.collector.forgetCyclesBefore(auditBefore);
      const total =
        removed.raw + removed.fiveMinute + removed.hourly + history.audits + history.runs + cycles;
      if (total > 0)
        this.logger.log(`Retention removed ${JSON.stringify({ ...removed, ...history, cycles })}`);
    });
  }
}

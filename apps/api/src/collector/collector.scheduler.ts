import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { JobLock } from '../common/job-lock.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/env.js';
import { PODWATCH_CONFIG } from '../config/podwatch-config.module.js';
import type { PodwatchConfig } from '../config/podwatch-config.js';
import { Clock } from '../common/clock.js';
import { TelemetryRepository } from '../telemetry/telemetry.repository.js';
import { CollectorService } from './collector.service.js';

export const SCHEDULE_JOBS = Symbol('SCHEDULE_JOBS');

const ROLLUP_INTERVAL_MS = 5 * 60_000;
/** Rollups are recomputed over this much recent history, so late samples are folded in. */
const ROLLUP_LOOKBACK_MS = 2 * 3_600_000;

/**
 * Thin timers: each tick takes the job's advisory lock (one replica runs it) and calls a service
 * method that tests call directly. Nothing thrown escapes a tick.
 */
@Injectable()
export class CollectorScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CollectorScheduler.name);
  private firstRun: NodeJS.Timeout | undefined;

  constructor(
    private readonly collector: CollectorService,
    private readonly telemetry: TelemetryRepository,
    private readonly lock: JobLock,
    private readonly registry: SchedulerRegistry,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PODWATCH_CONFIG) private readonly podwatch: PodwatchConfig,
    @Inject(SCHEDULE_JOBS) private readonly enabled: boolean,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.registry.addInterval(
      'collector',
      setInterval(() => void this.collect(), this.config.statsIntervalSeconds * 1000),
    );
    this.registry.addInterval(
      'telemetry-maintenance',
      setInterval(() => void this.maintain(), ROLLUP_INTERVAL_MS),
    );
    // The first look at the fleet right away, not one interval after start-up.
    this.firstRun = setTimeout(() => void this.collect(), 0);
  }

  onModuleDestroy(): void {
    clearTimeout(this.firstRun);
  }

  async collect(): Promise<void> {
    try {
      const result = await this.lock.run('collector', () => this.collector.collect());
      if (!result.ran) this.logger.debug('Another replica is collecting; skipped this tick');
    } catch (error) {
      this.logger.error(`Collection cycle failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async maintain(): Promise<void> {
    try {
      await this.lock.run('telemetry-maintenance', async () => {
        const now = this.clock.now();
        const until = new Date(Math.floor(now.getTime() / 300_000) * 300_000);
        await this.telemetry.rollup(new Date(until.getTime() - ROLLUP_LOOKBACK_MS), until);
        const removed = await this.telemetry.enforceRetention(now, this.podwatch.retention);
        if (removed.raw + removed.fiveMinute + removed.hourly > 0)
          this.logger.log(`Retention removed ${JSON.stringify(removed)}`);
      });
    } catch (error) {
      this.logger.error(
        `Telemetry maintenance failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { errorMessage } from './errors.js';
import { JobLock, type LockResult } from './job-lock.js';

/** Whether the timers run at all: tests build the app without them and call the services. */
export const SCHEDULE_JOBS = Symbol('SCHEDULE_JOBS');

/**
 * The API's timers, kept thin: each tick takes the job's advisory lock (one replica runs it) and
 * calls a service method that tests call directly. Nothing thrown escapes a tick.
 */
@Injectable()
export class ScheduledJobs implements OnModuleDestroy {
  private readonly logger = new Logger(ScheduledJobs.name);
  private readonly firstRuns = new Set<NodeJS.Timeout>();

  constructor(
    private readonly lock: JobLock,
    private readonly registry: SchedulerRegistry,
    @Inject(SCHEDULE_JOBS) private readonly enabled: boolean,
  ) {}

  /** Calls `tick` every `intervalMs`, and once right away with `immediately`, if timers are on. */
  every(
    name: string,
    intervalMs: number,
    tick: () => Promise<unknown>,
    options: { immediately?: boolean } = {},
  ): void {
    if (!this.enabled) return;
    this.registry.addInterval(
      name,
      setInterval(() => void tick(), intervalMs),
    );
    if (options.immediately) {
      const first = setTimeout(() => {
        this.firstRuns.delete(first);
        void tick();
      }, 0);
      this.firstRuns.add(first);
    }
  }

  /**
   * One tick of `job` under its lock; `undefined` when it failed (logged as "`what` failed: …"),
   * `ran: false` when another replica holds the lock.
   */
  async run<T>(name: string, what: string, job: () => Promise<T>): Promise<LockResult<T> | undefined> {
    try {
      return await this.lock.run(name, job);
    } catch (error) {
      this.logger.error(`${what} failed: ${errorMessage(error)}`);
      return undefined;
    }
  }

  onModuleDestroy(): void {
    for (const first of this.firstRuns) clearTimeout(first);
  }
}

import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Clock } from './clock.js';
import { errorMessage } from './errors.js';
import { JobLock, type LockResult } from './job-lock.js';
import { JobSlots, slotOf } from './job-slots.js';

/** Whether the timers run at all: tests build the app without them and call the services. */
export const SCHEDULE_JOBS = Symbol('SCHEDULE_JOBS');

/**
 * The API's timers, kept thin. Ticks fall on interval boundaries (slot = floor(now / interval));
 * a timer's tick runs only on the replica that claims that slot (JobSlots), so each job runs once
 * per interval across all replicas whatever their number and phase. The tick then takes the job's
 * advisory lock (no overlap with a long previous run or a manual one) and calls a service method
 * that tests call directly. Nothing thrown escapes a tick.
 */
@Injectable()
export class ScheduledJobs implements OnModuleDestroy {
  private readonly logger = new Logger(ScheduledJobs.name);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly lock: JobLock,
    private readonly slots: JobSlots,
    private readonly clock: Clock,
    @Inject(SCHEDULE_JOBS) private readonly enabled: boolean,
  ) {}

  /**
   * Calls `tick` once per `intervalMs` across all replicas, at each interval's start, if timers are
   * on; with `immediately`, also for the current interval right away (unless another replica ran it).
   */
  every(
    name: string,
    intervalMs: number,
    tick: () => Promise<unknown>,
    options: { immediately?: boolean } = {},
  ): void {
    if (!this.enabled) return;
    const current = slotOf(this.clock.now(), intervalMs);
    if (options.immediately) void this.claimAndRun(name, current, intervalMs, tick);
    this.schedule(name, current + 1, intervalMs, tick);
  }

  /** Arms the timer for the start of `slot`; the slot is fixed here, so a timer firing early still claims it. */
  private schedule(name: string, slot: number, intervalMs: number, tick: () => Promise<unknown>): void {
    if (this.stopped) return;
    const delay = Math.max(0, slot * intervalMs - this.clock.now().getTime());
    this.timers.set(
      name,
      setTimeout(() => {
        const next = Math.max(slot + 1, slotOf(this.clock.now(), intervalMs) + 1);
        this.schedule(name, next, intervalMs, tick);
        void this.claimAndRun(name, slot, intervalMs, tick);
      }, delay),
    );
  }

  private async claimAndRun(
    name: string,
    slot: number,
    intervalMs: number,
    tick: () => Promise<unknown>,
  ): Promise<void> {
    let claimed: boolean;
    try {
      claimed = await this.slots.claim(name, slot, intervalMs);
    } catch (error) {
      this.logger.error(`Could not claim the ${name} interval: ${errorMessage(error)}`);
      return;
    }
    // Unclaimed: another replica runs this interval.
    if (claimed) await tick();
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
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}

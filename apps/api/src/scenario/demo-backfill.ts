/**
 * Demo mode's first start: a week of history for the demo fleet, made by the same machinery as
 * scenarios (simulation.ts): the real collector, prune, alert rules and cost accrual stepped over
 * the last 7 days against a simulator of the demo fleet on a FakeClock. No row is written by
 * hand. It runs only when the database has no collection yet (checked through the app's own
 * connection: the embedded database takes one connection at a time).
 */
import { startSimulator } from '@podwatch/runpod-simulator';
import { FakeClock } from '../common/clock.js';
import type { PodwatchConfig } from '../config/podwatch-config.js';
import { simulate } from './simulation.js';

export const BACKFILL_DAYS = 7;
/** Coarser than the live interval: a week in 168 steps keeps the first start short (a point an hour). */
export const BACKFILL_STEP_MS = 60 * 60_000;

export interface DemoBackfillOptions {
  database: { url: string; embedded: boolean };
  podwatch: PodwatchConfig;
  /** The real time the live API starts at: the back-fill ends there. */
  now: Date;
  seed?: number;
  /** Called when the back-fill begins (the database is empty). */
  onStart?: () => void;
}

/**
 * Steps the demo fleet through the week before `now` when the database has no history; returns
 * the number of steps run, 0 when there was history already.
 */
export async function backfillDemo(options: DemoBackfillOptions): Promise<number> {
  const steps = Math.floor((BACKFILL_DAYS * 86_400_000) / BACKFILL_STEP_MS);
  const startMs = options.now.getTime() - steps * BACKFILL_STEP_MS;
  const clock = new FakeClock(startMs);
  const sim = await startSimulator({ demo: true, clock, rateLimit: false, seed: options.seed ?? 1 });
  try {
    const ran = await simulate(
      {
        clock,
        sim,
        runpodApiKey: 'demo-backfill',
        database: options.database,
        podwatch: options.podwatch,
        startMs,
        stepMs: BACKFILL_STEP_MS,
        steps,
        onlyIf: async (prisma) => {
          const empty = (await prisma.collectionCycle.count()) === 0;
          if (empty) options.onStart?.();
          return empty;
        },
      },
      (_app, report) => {
        if (report.failedJobs > 0) throw new Error(`demo back-fill: ${report.failures.join('; ')}`);
        return Promise.resolve(steps);
      },
    );
    return ran ?? 0;
  } finally {
    await sim.close();
  }
}

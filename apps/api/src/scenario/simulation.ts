/**
 * The engine behind scenarios and the demo back-fill: the real API (every production module,
 * timers off) against a simulator over HTTP, both on one FakeClock, stepped through simulated
 * time. Each step does what the schedulers do at that moment: a collection (which also evaluates
 * the alert rules and accrues costs), telemetry rollups every 5 min, billing every 15 min, and a
 * scheduled prune run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RunningSimulator } from '@podwatch/runpod-simulator';
import pino from 'pino';
import { createApp } from '../app.factory.js';
import { CollectorScheduler } from '../collector/collector.scheduler.js';
import { CollectorService } from '../collector/collector.service.js';
import type { FakeClock } from '../common/clock.js';
import { errorMessage } from '../common/errors.js';
import { loadEnv } from '../config/env.js';
import type { PodwatchConfig } from '../config/podwatch-config.js';
import { BillingScheduler } from '../costs/billing.scheduler.js';
import { BILLING_REFRESH_MS } from '../costs/billing.service.js';
import { InstancesService } from '../instances/instances.service.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { PruneService } from '../prune/prune.service.js';

const ROLLUP_EVERY_MS = 5 * 60_000;

/** Something the timeline does at a simulated moment (a profile change, a fault switched on, …). */
export interface TimedEvent {
  at: number;
  apply: () => void;
}

export interface SimulationOptions {
  clock: FakeClock;
  sim: RunningSimulator;
  /** The key the simulator accepts. */
  runpodApiKey: string;
  database: { url: string; embedded: boolean };
  podwatch: PodwatchConfig;
  startMs: number;
  stepMs: number;
  steps: number;
  /** Sorted by `at`; each is applied with the clock at its moment, before that step's jobs. */
  events?: TimedEvent[];
  onStep?: (done: number, total: number, at: Date) => void;
  /** Checked on the database before anything is written; false: nothing runs and `simulate` gives null. */
  onlyIf?: (prisma: PrismaService) => Promise<boolean>;
}

export interface SimulationReport {
  /** Jobs that threw (the schedulers would log them and go on); at most the first few messages. */
  failedJobs: number;
  failures: string[];
  /** Wall milliseconds spent per job kind. */
  wallMs: { collect: number; prune: number; maintenance: number; events: number };
}

/**
 * Runs `steps` steps from `startMs`, then calls `inspect` with the app still open (to read what
 * Podwatch did) and closes it. The clock ends at `startMs + steps * stepMs`.
 */
export async function simulate<T>(
  options: SimulationOptions,
  inspect: (app: NestFastifyApplication, report: SimulationReport) => Promise<T>,
): Promise<T | null> {
  const { clock, sim, stepMs } = options;
  const stateDir = await mkdtemp(join(tmpdir(), 'podwatch-simulation-'));
  const seconds = `${Math.max(1, Math.round(stepMs / 1000))}s`;
  const config = loadEnv({
    DATABASE_URL: options.database.url,
    RUNPOD_API_KEY: options.runpodApiKey,
    RUNPOD_REST_URL: sim.restUrl,
    RUNPOD_GRAPHQL_URL: sim.graphqlUrl,
    RUNPOD_SERVERLESS_URL: sim.serverlessUrl,
    // Freshness is judged against the collection interval: the step is that interval.
    STATS_INTERVAL: seconds,
    PRUNE_INTERVAL: seconds,
    RUNPOD_TIMEOUT: '5s',
    PODWATCH_ADMIN_TOKEN: randomBytes(24).toString('hex'),
    PODWATCH_STATE_DIR: stateDir,
    LOG_LEVEL: 'silent',
  });
  clock.set(options.startMs);
  const app = await createApp({
    config,
    podwatch: options.podwatch,
    schedule: false,
    database: options.database,
    clock,
    logger: pino({ level: 'silent' }),
  });
  const report: SimulationReport = {
    failedJobs: 0,
    failures: [],
    wallMs: { collect: 0, prune: 0, maintenance: 0, events: 0 },
  };
  try {
    await app.init();
    if (options.onlyIf && !(await options.onlyIf(app.get(PrismaService)))) return null;
    await app.get(InstancesService).syncFromConfig(options.podwatch.instances);
    const collector = app.get(CollectorService);
    const collectorJobs = app.get(CollectorScheduler);
    const billing = app.get(BillingScheduler);
    const prune = app.get(PruneService);
    const events = options.events ?? [];
    let nextEvent = 0;
    const timed = async (kind: keyof SimulationReport['wallMs'], job: () => Promise<unknown>) => {
      const started = performance.now();
      try {
        await job();
      } catch (error) {
        report.failedJobs += 1;
        if (report.failures.length < 5)
          report.failures.push(`${kind} at ${clock.now().toISOString()}: ${errorMessage(error)}`);
      } finally {
        report.wallMs[kind] += performance.now() - started;
      }
    };
    const applyEventsUntil = (t: number) => {
      const started = performance.now();
      while (nextEvent < events.length && events[nextEvent]!.at <= t) {
        const event = events[nextEvent++]!;
        clock.set(Math.max(clock.now().getTime(), event.at));
        event.apply();
      }
      clock.set(t);
      report.wallMs.events += performance.now() - started;
    };

    for (let step = 0; step < options.steps; step++) {
      const t = options.startMs + step * stepMs;
      const previous = t - stepMs;
      applyEventsUntil(t);
      await timed('collect', () => collector.collect());
      if (step > 0 && Math.floor(t / ROLLUP_EVERY_MS) !== Math.floor(previous / ROLLUP_EVERY_MS)) {
        await timed('maintenance', () => collectorJobs.maintain());
      }
      if (step === 0 || Math.floor(t / BILLING_REFRESH_MS) !== Math.floor(previous / BILLING_REFRESH_MS)) {
        await timed('maintenance', () => billing.tick());
      }
      await timed('prune', () => prune.run({ trigger: 'schedule', dryRun: false }));
      options.onStep?.(step + 1, options.steps, clock.now());
    }
    applyEventsUntil(options.startMs + options.steps * stepMs);
    return await inspect(app, report);
  } finally {
    await app.close();
    await rm(stateDir, { recursive: true, force: true });
  }
}

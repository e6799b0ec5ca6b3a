/**
 * RunPod's request quota, shared by every replica through Postgres: one `RunpodBudget` row per
 * minute window counts the REST requests all replicas made in it (updated atomically by each
 * response) and keeps the smallest `remaining` RunPod's `RateLimit` header reported. Collection
 * always goes; lower-priority calls (billing back-fill, serverless workers beyond the first few,
 * single-pod reads) go only while the window has room beyond what collection needs, else they
 * are deferred (RunpodBudgetSpentError) rather than answered with 429.
 */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type ResponseEvent, RunpodError } from '@podwatch/runpod-client';
import type { RunpodBudgetStatus } from '@podwatch/shared';
import { Clock } from '../common/clock.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/env.js';
import { PODWATCH_CONFIG } from '../config/podwatch-config.module.js';
import type { PodwatchConfig } from '../config/podwatch-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { PrismaService } from '../prisma/prisma.service.js';

/** RunPod's documented REST quota a minute, used until a `RateLimit-Policy` header says otherwise. */
export const DOCUMENTED_MINUTE_QUOTA = 60;
/** Serverless endpoints whose workers each collection reads whatever the budget; the rest wait for it. */
export const PRIORITY_WORKER_CALLS = 3;
/** REST calls of a collection besides the workers: the pod list and the endpoint list. */
const COLLECTION_BASE_CALLS = 2;
const WINDOW_MS = 60_000;
const KEEP_WINDOWS_MS = 24 * 3_600_000;

/** A RunpodError, so that the API answers it as RunPod's trouble (502), not the caller's. */
export class RunpodBudgetSpentError extends RunpodError {
  constructor(what: string, status: RunpodBudgetStatus) {
    super(
      `${what} deferred: ${status.remaining} of RunPod's ${status.quota} requests a minute are left ` +
        `and collection needs them (until ${status.resetsAt})`,
    );
  }
}

interface BudgetRow {
  used: number;
  quota: number;
  remaining: number | null;
}

@Injectable()
export class RunpodBudget implements OnModuleInit {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PODWATCH_CONFIG) private readonly podwatch: PodwatchConfig,
  ) {}

  onModuleInit(): void {
    this.metrics.onRunpodBudget(async () => (await this.status()).remaining);
  }

  /** The client's response hook: counts a REST request (the documented quota is REST's) and what RunPod said is left. */
  observe(event: ResponseEvent): void {
    if (event.api !== 'rest') return;
    const minute = event.rateLimit?.windows.find((w) => w.windowSeconds === 60 || w.name === 'minute');
    // A failure to count must never fail the request; the next response's header corrects the count.
    this.record(minute?.quota ?? null, minute?.remaining ?? null).catch(() => undefined);
  }

  /** Requests a collection makes in a minute at STATS_INTERVAL: what low-priority calls leave alone. */
  collectionReserve(quota: number): number {
    const serverless = this.podwatch.instances.filter((i) => i.type === 'serverless').length;
    const perCycle = COLLECTION_BASE_CALLS + Math.min(serverless, PRIORITY_WORKER_CALLS);
    const cyclesPerMinute = Math.ceil(WINDOW_MS / 1000 / this.config.statsIntervalSeconds);
    return Math.min(Math.floor(quota / 2), perCycle * cyclesPerMinute);
  }

  async status(): Promise<RunpodBudgetStatus> {
    const now = this.clock.now();
    const windowStart = this.windowOf(now);
    const row = await this.prisma.runpodBudget.findUnique({ where: { windowStart } });
    const quota = row?.quota ?? DOCUMENTED_MINUTE_QUOTA;
    const used = row?.used ?? 0;
    const remaining = Math.max(0, Math.min(quota - used, row?.remaining ?? quota));
    return {
      quota,
      used,
      remaining,
      reserved: this.collectionReserve(quota),
      resetsAt: new Date(windowStart.getTime() + WINDOW_MS).toISOString(),
    };
  }

  /** Throws RunpodBudgetSpentError when a low-priority call would eat into collection's share. */
  async spendLowPriority(what: string): Promise<void> {
    const status = await this.status();
    if (status.remaining - status.reserved < 1) throw new RunpodBudgetSpentError(what, status);
  }

  private windowOf(at: Date): Date {
    return new Date(Math.floor(at.getTime() / WINDOW_MS) * WINDOW_MS);
  }

  private async record(headerQuota: number | null, headerRemaining: number | null): Promise<void> {
    const now = this.clock.now();
    const windowStart = this.windowOf(now);
    const rows = await this.prisma.$queryRaw<(BudgetRow & { inserted: boolean })[]>`
      INSERT INTO "RunpodBudget" ("windowStart", "used", "quota", "remaining", "updatedAt")
      VALUES (${windowStart}, 1, ${headerQuota ?? DOCUMENTED_MINUTE_QUOTA}, ${headerRemaining}::int, ${now})
      ON CONFLICT ("windowStart") DO UPDATE SET
        "used" = "RunpodBudget"."used" + 1,
        "quota" = COALESCE(${headerQuota}::int, "RunpodBudget"."quota"),
        "remaining" = LEAST("RunpodBudget"."remaining", EXCLUDED."remaining"),
        "updatedAt" = EXCLUDED."updatedAt"
      RETURNING "used", "quota", "remaining", (xmax = 0) AS "inserted"`;
    if (rows[0]?.inserted)
      await this.prisma.runpodBudget.deleteMany({
        where: { windowStart: { lt: new Date(windowStart.getTime() - KEEP_WINDOWS_MS) } },
      });
  }
}

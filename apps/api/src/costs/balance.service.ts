/**
 * The account balance. While GraphQL answers, RunPod's own `clientBalance` from the last
 * collection (`actual`). Once it is gone (retired, off, or failing), an estimate: the newest
 * balance known for certain (GraphQL's last, or one the operator set) minus RunPod's billed
 * amounts since then (REST billing, hour buckets, fetched with the billing refresh) minus the live
 * burn since the last bucket (`estimated`).
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { burnRate, estimateBalance, type KnownBalance, type PodStatus } from '@podwatch/shared';
import { Clock } from '../common/clock.js';
import { PODWATCH_CONFIG } from '../config/podwatch-config.module.js';
import type { PodwatchConfig } from '../config/podwatch-config.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { GraphqlState } from '../runpod/graphql-state.js';
import { RunpodGateway } from '../runpod/runpod.gateway.js';

/** How far back hour buckets are fetched at most (an older known balance is estimated from there on). */
const MAX_HOURS_BACK = 7 * 24;
const HOUR_MS = 3_600_000;
const RUNNING: PodStatus[] = ['PROVISIONING', 'STARTING', 'RUNNING'];

export interface AccountBalance {
  balance: number | null;
  basis: 'actual' | 'estimated' | null;
  estimate: ReturnType<typeof estimateBalance> | null;
  stale: string | null;
}

@Injectable()
export class BalanceService {
  private readonly logger = new Logger(BalanceService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly gateway: RunpodGateway,
    private readonly graphql: GraphqlState,
    private readonly clock: Clock,
    @Inject(PODWATCH_CONFIG) private readonly podwatch: PodwatchConfig,
  ) {}

  /** Records a balance the operator knows for certain (their RunPod console's figure). */
  async setKnown(amount: number, at: Date, actor: string): Promise<AccountBalance> {
    await this.prisma.knownBalance.create({ data: { amount, at, source: 'operator', actor } });
    return this.current();
  }

  /** The newest balance known for certain: GraphQL's at a collection, the operator's, or podwatch.yaml's. */
  async known(): Promise<KnownBalance | null> {
    const [cycle, set] = await Promise.all([
      this.prisma.collectionCycle.findFirst({
        where: { ok: true, balance: { not: null }, observedAt: { not: null } },
        orderBy: { observedAt: 'desc' },
      }),
      this.prisma.knownBalance.findFirst({ orderBy: [{ at: 'desc' }, { id: 'desc' }] }),
    ]);
    const fromGraphql: KnownBalance | null =
      cycle?.balance != null && cycle.observedAt
        ? { amount: cycle.balance, at: cycle.observedAt, source: 'runpod' }
        : null;
    const fromOperator: KnownBalance | null = set
      ? { amount: set.amount, at: set.at, source: 'operator' }
      : null;
    const account = this.podwatch.account;
    const fromConfig: KnownBalance | null = account
      ? { amount: account.balance, at: account.balanceAt, source: 'config' }
      : null;
    const candidates = [fromGraphql, fromOperator, fromConfig].filter((k): k is KnownBalance => k !== null);
    // The newest wins; on a tie RunPod's own figure, then the operator's.
    return candidates.reduce<KnownBalance | null>(
      (best, k) => (best === null || (k.at as Date) > (best.at as Date) ? k : best),
      null,
    );
  }

  async current(): Promise<AccountBalance> {
    const now = this.clock.now();
    const last = await this.prisma.collectionCycle.findFirst({
      where: { ok: true, observedAt: { not: null } },
      orderBy: { observedAt: 'desc' },
    });
    if (last?.balance != null) return { balance: last.balance, basis: 'actual', estimate: null, stale: null };
    const health = this.graphql.health();
    const stale = !this.graphql.enabled
      ? this.graphql.unavailableReason()
      : health.lastError
        ? `RunPod GraphQL failed: ${health.lastError}`
        : null;
    const known = await this.known();
    if (!known) return { balance: null, basis: null, estimate: null, stale };
    const [buckets, pods] = await Promise.all([
      this.prisma.billingHour.findMany({
        where: { time: { gt: new Date((known.at as Date).getTime() - HOUR_MS), lte: now } },
        orderBy: { time: 'asc' },
      }),
      this.prisma.pod.findMany({
        where: { goneAt: null, status: { in: RUNNING } },
        select: { status: true, costPerHr: true },
      }),
    ]);
    const estimate = estimateBalance({
      known,
      buckets: buckets.map((b) => ({ time: b.time, amount: b.amount, until: b.fetchedAt })),
      burnPerHour: burnRate(pods),
      now,
    });
    return { balance: estimate.amount, basis: 'estimated', estimate, stale };
  }

  /**
   * Fetches RunPod's hour buckets since the known balance (at most a week back) and stores them
   * account-wide: one REST request, run with the billing refresh. Nothing to do before any
   * balance is known.
   */
  async refreshHours(): Promise<number> {
    const known = await this.known();
    if (!known) return 0;
    const now = this.clock.now();
    const earliest = now.getTime() - MAX_HOURS_BACK * HOUR_MS;
    const from = new Date(Math.floor(Math.max((known.at as Date).getTime(), earliest) / HOUR_MS) * HOUR_MS);
    try {
      const billing = await this.gateway.billingPodsByHour(from);
      const byHour = new Map<number, number>();
      for (const record of billing.records) {
        if (!record.startTime) continue;
        const hour = Math.floor(record.startTime.getTime() / HOUR_MS) * HOUR_MS;
        byHour.set(hour, (byHour.get(hour) ?? 0) + record.totalAmount);
      }
      // An hour still in progress is stored too and replaced at the next refresh.
      for (const [hour, amount] of byHour) {
        const time = new Date(hour);
        await this.prisma.billingHour.upsert({
          where: { time },
          create: { time, amount, fetchedAt: now },
          update: { amount, fetchedAt: now },
        });
      }
      await this.prisma.billingHour.deleteMany({ where: { time: { lt: new Date(earliest) } } });
      return byHour.size;
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.logger.warn(
        `RunPod hourly billing could not be fetched; the balance estimate burns live: ${reason}`,
      );
      return 0;
    }
  }
}

/**
 * RunPod's billed amounts (`GET /v2/billing/pods`, day buckets), fetched on a schedule rather than
 * on reads: one REST request every 15 minutes, stored per pod per day. Cost figures use them, marked
 * `actual`, where they cover the period; the rest stays `estimated` from samples.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type BillingStatus, utcDay } from '@podwatch/shared';
import { Clock } from '../common/clock.js';
import { PODWATCH_CONFIG } from '../config/podwatch-config.module.js';
import type { PodwatchConfig } from '../config/podwatch-config.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { RunpodGateway } from '../runpod/runpod.gateway.js';
import { type BillingDayInput, CostsRepository } from './costs.repository.js';

/** The longest period `GET /costs` reports, in days (today included). */
export const MAX_COST_DAYS = 31;
export const BILLING_REFRESH_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

export const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);
export const addDays = (day: string, days: number) => utcDay(dayStart(day).getTime() + days * DAY_MS);
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

export interface BillingRefresh {
  ok: boolean;
  fromDay: string;
  toDay: string;
  records: number;
  error: string | null;
}

@Injectable()
export class BillingService {
  private readonly logger = new Logger(BillingService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly gateway: RunpodGateway,
    private readonly costs: CostsRepository,
    private readonly clock: Clock,
    @Inject(PODWATCH_CONFIG) private readonly podwatch: PodwatchConfig,
  ) {}

  /**
   * Fetches the days not final yet: from the day before the last good fetch ended (it may have
   * been in progress) to today; the whole reportable window the first time or after a long gap.
   */
  async refresh(): Promise<BillingRefresh> {
    const now = this.clock.now();
    const today = utcDay(now);
    const oldest = addDays(today, -(MAX_COST_DAYS - 1));
    const lastOk = await this.prisma.billingFetch.findFirst({
      where: { ok: true },
      orderBy: { startedAt: 'desc' },
    });
    const resume = lastOk ? addDays(dayOf(lastOk.toDay), -1) : oldest;
    const fromDay = resume > oldest ? resume : oldest;
    const record = (ok: boolean, records: number, error: string | null) =>
      this.prisma.billingFetch.create({
        data: { startedAt: now, fromDay: dayStart(fromDay), toDay: dayStart(today), ok, records, error },
      });
    try {
      const billing = await this.gateway.billingPodsByDay(dayStart(fromDay));
      const byKey = new Map<string, BillingDayInput>();
      for (const entry of billing.records) {
        if (!entry.startTime) continue;
        const day = utcDay(entry.startTime);
        const key = `${entry.podId}/${day}`;
        const row = byKey.get(key) ?? {
          podId: entry.podId,
          day,
          amount: 0,
          gpuAmount: 0,
          cpuAmount: 0,
          diskAmount: 0,
        };
        row.amount += entry.totalAmount;
        row.gpuAmount += entry.gpuAmount;
        row.cpuAmount += entry.cpuAmount;
        row.diskAmount += entry.diskAmount;
        byKey.set(key, row);
      }
      await this.costs.saveBillingDays([...byKey.values()], now);
      await record(true, byKey.size, null);
      await this.forget(now);
      return { ok: true, fromDay, toDay: today, records: byKey.size, error: null };
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.logger.warn(`RunPod billing could not be fetched; costs stay estimated: ${reason}`);
      await record(false, 0, reason);
      await this.forget(now);
      return { ok: false, fromDay, toDay: today, records: 0, error: reason };
    }
  }

  /**
   * Which days billing covers. Each fetch starts where the last good one ended (or at the window's
   * start), so the good fetches kept form one stretch: from the earliest one's first day to the
   * latest one's last.
   */
  async status(periodFrom: string, today: string): Promise<BillingStatus> {
    const [last, lastGood, range] = await Promise.all([
      this.prisma.billingFetch.findFirst({ orderBy: { startedAt: 'desc' } }),
      this.prisma.billingFetch.findFirst({ where: { ok: true }, orderBy: { startedAt: 'desc' } }),
      this.prisma.billingFetch.aggregate({
        where: { ok: true },
        _min: { fromDay: true },
        _max: { toDay: true },
      }),
    ]);
    const coveredFrom = range._min.fromDay ? dayOf(range._min.fromDay) : null;
    const coveredTo = range._max.toDay ? dayOf(range._max.toDay) : null;
    return {
      covered: coveredFrom !== null && coveredTo !== null && coveredFrom <= periodFrom && coveredTo >= today,
      lastFetchAt: last?.startedAt.toISOString() ?? null,
      lastSuccessAt: lastGood?.startedAt.toISOString() ?? null,
      lastError: last && !last.ok ? last.error : null,
      coveredFrom,
    };
  }

  /** Fetch records past the reportable window go; cost days follow the hourly-rollup retention. */
  private async forget(now: Date): Promise<void> {
    await this.prisma.billingFetch.deleteMany({
      where: { startedAt: { lt: new Date(now.getTime() - MAX_COST_DAYS * DAY_MS) } },
    });
    const before = dayStart(utcDay(now.getTime() - this.podwatch.retention.rollup1h * 1000));
    await this.prisma.podCostDay.deleteMany({ where: { day: { lt: before } } });
    await this.prisma.podBillingDay.deleteMany({ where: { day: { lt: before } } });
  }
}

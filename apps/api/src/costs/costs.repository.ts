/**
 * Cost figures in SQL. Estimates accrue once per collection cycle into `PodCostDay` (the same maths
 * as `spendFromSamples` in @podwatch/shared, over the few samples since the previous cycle), so no
 * read ever scans raw samples; RunPod's billed amounts land in `PodBillingDay`.
 */
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service.js';

/**
 * A sample is idle when it was judged not busy on real figures: the busiest GPU (a CPU pod's CPU)
 * was below the threshold. A sample with nothing to judge by is never idle (it counts as activity).
 */
const IDLE_SAMPLE = `(not s."busy" and (s."gpuUtilMax" is not null or (cardinality(s."gpuUtil") = 0 and s."cpuPercent" is not null)))`;

export interface PodCostSums {
  podId: string;
  instanceId: string | null;
  spend: number;
  idleWaste: number;
  seconds: number;
  idleSeconds: number;
  spendToday: number;
  idleWasteToday: number;
}

export interface DayCostSums {
  day: string;
  spend: number;
  idleWaste: number;
}

export interface PodBillingSums {
  podId: string;
  amount: number;
  amountToday: number;
}

export interface DayBillingSums {
  day: string;
  amount: number;
}

export interface SampleWindow {
  podId: string;
  firstSampleAt: Date;
  lastSampleAt: Date;
  /** The latest sample that was not idle (busy, or not judged). */
  lastBusyAt: Date | null;
}

export interface BillingDayInput {
  podId: string;
  day: string;
  amount: number;
  gpuAmount: number;
  cpuAmount: number;
  diskAmount: number;
}

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

@Injectable()
export class CostsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Adds what the samples accrued over `(from, now]` to each pod's day. A sample bills until the
   * pod's next sample, at most `gapSeconds`; one with no successor bills until the next cycle
   * (`now`, the first observation that did not see the pod running), at most `gapSeconds`.
   * Stretches are split at UTC midnight.
   */
  async accrue(from: Date, now: Date, gapSeconds: number): Promise<number> {
    if (now <= from) return 0;
    return this.prisma.$executeRawUnsafe(
      `
      with s as (
        select s."podId", s."instanceId", s."time", coalesce(s."costPerHr", 0) as rate, ${IDLE_SAMPLE} as idle,
          lead(s."time") over (partition by s."podId" order by s."time") as next
        from "TelemetrySample" s
        where s."source" = 'runpod' and s."time" > $1::timestamptz - make_interval(secs => $3::float8)
          and s."time" <= $2::timestamptz
      ),
      seg as (
        select "podId", "instanceId", rate, idle, greatest("time", $1::timestamptz) as a,
          case
            when next is not null then least(next, "time" + make_interval(secs => $3::float8))
            when "time" >= $1::timestamptz then least($2::timestamptz, "time" + make_interval(secs => $3::float8))
            else $1::timestamptz
          end as b
        from s
      ),
      split as (
        select seg."podId", seg."instanceId", seg.rate, seg.idle, d.day,
          extract(epoch from least(seg.b, d.day_start + interval '1 day') - greatest(seg.a, d.day_start))::float8 as secs
        from seg
        cross join lateral (
          select g::date as day, g at time zone 'UTC' as day_start
          from generate_series(date_trunc('day', seg.a at time zone 'UTC'), date_trunc('day', seg.b at time zone 'UTC'), interval '1 day') g
        ) d
        where seg.b > seg.a
      )
      insert into "PodCostDay" ("podId", "day", "instanceId", "spend", "idleWaste", "seconds", "idleSeconds", "updatedAt")
      select "podId", day, (array_agg("instanceId") filter (where "instanceId" is not null))[1],
        sum(rate * secs) / 3600, sum(case when idle then rate * secs else 0 end) / 3600,
        sum(secs), sum(case when idle then secs else 0 end), $2::timestamptz
      from split
      where secs > 0
      group by "podId", day
      on conflict ("podId", "day") do update set
        "instanceId" = coalesce(excluded."instanceId", "PodCostDay"."instanceId"),
        "spend" = "PodCostDay"."spend" + excluded."spend",
        "idleWaste" = "PodCostDay"."idleWaste" + excluded."idleWaste",
        "seconds" = "PodCostDay"."seconds" + excluded."seconds",
        "idleSeconds" = "PodCostDay"."idleSeconds" + excluded."idleSeconds",
        "updatedAt" = excluded."updatedAt"`,
      from,
      now,
      gapSeconds,
    );
  }

  /** Per pod over the UTC days `fromDay`..`toDay`, with `today`'s part. */
  async podSums(fromDay: string, toDay: string, today: string): Promise<PodCostSums[]> {
    const rows = await this.prisma.$queryRaw<Record<string, unknown>[]>`
      select "podId", (array_agg("instanceId" order by "day" desc) filter (where "instanceId" is not null))[1]::text as "instanceId",
        sum("spend") as spend, sum("idleWaste") as "idleWaste", sum("seconds") as seconds, sum("idleSeconds") as "idleSeconds",
        sum("spend") filter (where "day" = ${today}::date) as "spendToday",
        sum("idleWaste") filter (where "day" = ${today}::date) as "idleWasteToday"
      from "PodCostDay"
      where "day" between ${fromDay}::date and ${toDay}::date
      group by "podId"`;
    return rows.map((row) => ({
      podId: String(row.podId),
      instanceId: (row.instanceId as string | null) ?? null,
      spend: num(row.spend),
      idleWaste: num(row.idleWaste),
      seconds: num(row.seconds),
      idleSeconds: num(row.idleSeconds),
      spendToday: num(row.spendToday),
      idleWasteToday: num(row.idleWasteToday),
    }));
  }

  async daySums(fromDay: string, toDay: string): Promise<DayCostSums[]> {
    const rows = await this.prisma.$queryRaw<{ day: string; spend: unknown; idleWaste: unknown }[]>`
      select to_char("day", 'YYYY-MM-DD') as day, sum("spend") as spend, sum("idleWaste") as "idleWaste"
      from "PodCostDay" where "day" between ${fromDay}::date and ${toDay}::date
      group by "day" order by "day"`;
    return rows.map((row) => ({ day: row.day, spend: num(row.spend), idleWaste: num(row.idleWaste) }));
  }

  /** Today's estimated spend and idle waste over the whole fleet. */
  async dayTotals(day: string): Promise<{ spend: number; idleWaste: number }> {
    const [row] = await this.prisma.$queryRaw<{ spend: unknown; idleWaste: unknown }[]>`
      select sum("spend") as spend, sum("idleWaste") as "idleWaste" from "PodCostDay" where "day" = ${day}::date`;
    return { spend: num(row?.spend), idleWaste: num(row?.idleWaste) };
  }

  async billingPodSums(fromDay: string, toDay: string, today: string): Promise<PodBillingSums[]> {
    const rows = await this.prisma.$queryRaw<{ podId: string; amount: unknown; amountToday: unknown }[]>`
      select "podId", sum("amount") as amount, sum("amount") filter (where "day" = ${today}::date) as "amountToday"
      from "PodBillingDay" where "day" between ${fromDay}::date and ${toDay}::date
      group by "podId"`;
    return rows.map((row) => ({
      podId: row.podId,
      amount: num(row.amount),
      amountToday: num(row.amountToday),
    }));
  }

  async billingDaySums(fromDay: string, toDay: string): Promise<DayBillingSums[]> {
    const rows = await this.prisma.$queryRaw<{ day: string; amount: unknown }[]>`
      select to_char("day", 'YYYY-MM-DD') as day, sum("amount") as amount
      from "PodBillingDay" where "day" between ${fromDay}::date and ${toDay}::date
      group by "day" order by "day"`;
    return rows.map((row) => ({ day: row.day, amount: num(row.amount) }));
  }

  /** Per pod sampled since `since`: first and last sample, and the last one that was not idle. */
  async sampleWindows(since: Date, now: Date): Promise<SampleWindow[]> {
    return this.prisma.$queryRawUnsafe<SampleWindow[]>(
      `
      select s."podId", min(s."time") as "firstSampleAt", max(s."time") as "lastSampleAt",
        max(s."time") filter (where not ${IDLE_SAMPLE}) as "lastBusyAt"
      from "TelemetrySample" s
      where s."source" = 'runpod' and s."time" > $1::timestamptz and s."time" <= $2::timestamptz
      group by s."podId"`,
      since,
      now,
    );
  }

  /** Replaces the billed amounts of the days RunPod answered for, in one statement. */
  async saveBillingDays(rows: BillingDayInput[], fetchedAt: Date): Promise<void> {
    if (rows.length === 0) return;
    const column = <T>(pick: (row: BillingDayInput) => T) => rows.map(pick);
    await this.prisma.$executeRaw`
      insert into "PodBillingDay" ("podId", "day", "amount", "gpuAmount", "cpuAmount", "diskAmount", "fetchedAt")
      select t."podId", t."day"::date, t."amount", t."gpuAmount", t."cpuAmount", t."diskAmount", ${fetchedAt}
      from unnest(${column((r) => r.podId)}::text[], ${column((r) => r.day)}::text[], ${column((r) => r.amount)}::float8[],
        ${column((r) => r.gpuAmount)}::float8[], ${column((r) => r.cpuAmount)}::float8[], ${column((r) => r.diskAmount)}::float8[])
        as t("podId", "day", "amount", "gpuAmount", "cpuAmount", "diskAmount")
      on conflict ("podId", "day") do update set
        "amount" = excluded."amount", "gpuAmount" = excluded."gpuAmount", "cpuAmount" = excluded."cpuAmount",
        "diskAmount" = excluded."diskAmount", "fetchedAt" = excluded."fetchedAt"`;
  }
}

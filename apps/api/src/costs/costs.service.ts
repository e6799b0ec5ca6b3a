/**
 * Costs (DESIGN §2, Cost): burn rate and projections from the pods as last collected, spend and
 * idle waste from `PodCostDay` (accrued each cycle from samples), RunPod's billed amounts where
 * billing covers the period, storage of stopped pods, runway from the account balance, and
 * suggestions. Reads only the database: no RunPod call on a dashboard read.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  type AccountCost,
  burnRate,
  type CostFigure,
  costSuggestions,
  type CostsResponse,
  type DailyCost,
  idleForSeconds,
  type InstanceCost,
  type PodCost,
  type PodStatus,
  projections,
  roundMoney,
  runwayHours,
  storageCostPerMonth,
  utcDay,
} from '@podwatch/shared';
import { Clock } from '../common/clock.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/env.js';
import { PODWATCH_CONFIG } from '../config/podwatch-config.module.js';
import type { PodwatchConfig } from '../config/podwatch-config.js';
import type { Pod } from '../generated/prisma/client.js';
import { AGENT_ACTIVE_SECONDS } from '../instances/related-views.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { BalanceService } from './balance.service.js';
import { addDays, BillingService, dayStart } from './billing.service.js';
import { CostsRepository } from './costs.repository.js';

const RUNNING: readonly PodStatus[] = ['PROVISIONING', 'STARTING', 'RUNNING'];
const amount = (value: number) => roundMoney(value, 4);
const figure = (value: number, basis: CostFigure['basis']): CostFigure => ({ amount: amount(value), basis });

/** A running pod and how long it has been idle, for the idle-pod alert and the suggestions. */
export interface PodIdleness {
  pod: Pod;
  instance: string | null;
  protect: boolean;
  activeAgents: number;
  /** null: busy within the window, or not known (no recent sample). */
  idleForSeconds: number | null;
}

@Injectable()
export class CostsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly repository: CostsRepository,
    private readonly billing: BillingService,
    private readonly balance: BalanceService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PODWATCH_CONFIG) private readonly podwatch: PodwatchConfig,
  ) {}

  /** The longest stretch one sample stands for: two collection intervals (the staleness limit). */
  get gapSeconds(): number {
    return 2 * this.config.statsIntervalSeconds;
  }

  /** Accrues the samples since the previous successful observation; the collector calls it each cycle. */
  accrue(from: Date | null, observedAt: Date): Promise<number> {
    return from ? this.repository.accrue(from, observedAt, this.gapSeconds) : Promise.resolve(0);
  }

  /**
   * The account: the balance (RunPod's own while GraphQL answers, else estimated from the last
   * known one and billing), spend per hour (GraphQL's, else Σ REST `cost` of running pods) and the
   * runway at `burn` (or at the current burn when `burn` is 0).
   */
  async account(burn: number): Promise<AccountCost> {
    const [cycle, balance, current] = await Promise.all([
      this.prisma.collectionCycle.findFirst({
        where: { ok: true, observedAt: { not: null } },
        orderBy: { observedAt: 'desc' },
      }),
      this.balance.current(),
      this.burn(),
    ]);
    const rate = burn > 0 ? burn : current.burnRatePerHour;
    const runway = runwayHours(balance.balance, rate);
    const now = this.clock.now();
    return {
      balance: balance.balance,
      balanceBasis: balance.basis,
      balanceEstimate: balance.estimate,
      balanceStale: balance.stale,
      spendPerHour: cycle?.spendPerHr ?? current.burnRatePerHour,
      spendLimit: cycle?.spendLimit ?? null,
      observedAt: cycle?.observedAt?.toISOString() ?? null,
      runwayHours: runway,
      runsOutAt:
        runway === null
          ? null
          : new Date(
              (balance.basis === 'actual' && cycle?.observedAt ? cycle.observedAt : now).getTime() +
                runway * 3_600_000,
            ).toISOString(),
    };
  }

  async burn(): Promise<{ runningPods: number; burnRatePerHour: number }> {
    const pods = await this.prisma.pod.findMany({
      where: { goneAt: null, status: { in: [...RUNNING] } },
      select: { status: true, costPerHr: true },
    });
    return { runningPods: pods.length, burnRatePerHour: burnRate(pods) };
  }

  /** Today's (UTC) spend and idle waste: billed when billing covers today, else estimated. */
  async today(): Promise<{
    spend: CostFigure;
    estimatedSpend: number;
    actualSpend: number | null;
    idleWaste: number;
  }> {
    const day = utcDay(this.clock.now());
    const [estimated, status, billed] = await Promise.all([
      this.repository.dayTotals(day),
      this.billing.status(day, day),
      this.repository.billingDaySums(day, day),
    ]);
    const actual = status.covered ? (billed[0]?.amount ?? 0) : null;
    return {
      spend: actual === null ? figure(estimated.spend, 'estimated') : figure(actual, 'actual'),
      estimatedSpend: amount(estimated.spend),
      actualSpend: actual === null ? null : amount(actual),
      idleWaste: amount(estimated.idleWaste),
    };
  }

  /**
   * Every running pod with how long it has been idle: from its samples over the look-back window
   * (a sample not judged idle counts as activity), its instance's last activity (app pings,
   * starts, working agents, extensions) and its start.
   */
  async idleness(lookbackSeconds: number): Promise<PodIdleness[]> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - lookbackSeconds * 1000);
    const [pods, windows, instances, agents] = await Promise.all([
      this.prisma.pod.findMany({ where: { goneAt: null, status: 'RUNNING' } }),
      this.repository.sampleWindows(since, now),
      this.prisma.instance.findMany({
        where: { archivedAt: null },
        select: { id: true, name: true, protect: true, snapshot: { select: { lastRunAt: true } } },
      }),
      this.activeAgentsByPod(now),
    ]);
    const windowByPod = new Map(windows.map((w) => [w.podId, w]));
    const instanceById = new Map(instances.map((i) => [i.id, i]));
    return pods.map((pod) => {
      const owner = pod.instanceId ? instanceById.get(pod.instanceId) : undefined;
      const window = windowByPod.get(pod.id);
      return {
        pod,
        instance: owner?.name ?? null,
        protect: owner?.protect ?? false,
        activeAgents: agents.get(pod.id) ?? 0,
        idleForSeconds: window
          ? idleForSeconds({
              now,
              gapSeconds: this.gapSeconds,
              firstSampleAt: window.firstSampleAt,
              lastSampleAt: window.lastSampleAt,
              lastBusyAt: window.lastBusyAt,
              lastActivityAt: owner?.snapshot?.lastRunAt ?? null,
              startedAt: pod.startedAt,
            })
          : null,
      };
    });
  }

  async costs(days: number): Promise<CostsResponse> {
    const now = this.clock.now();
    const today = utcDay(now);
    const fromDay = addDays(today, -(days - 1));
    const lookback = this.podwatch.alerts.idlePod + this.gapSeconds;
    const [sums, daySums, billedPods, billedDays, status, idle] = await Promise.all([
      this.repository.podSums(fromDay, today, today),
      this.repository.daySums(fromDay, today),
      this.repository.billingPodSums(fromDay, today, today),
      this.repository.billingDaySums(fromDay, today),
      this.billing.status(fromDay, today),
      this.idleness(lookback),
    ]);
    const costedIds = [...new Set([...sums.map((s) => s.podId), ...billedPods.map((b) => b.podId)])];
    const [pods, instances] = await Promise.all([
      this.prisma.pod.findMany({ where: { OR: [{ goneAt: null }, { id: { in: costedIds } }] } }),
      this.prisma.instance.findMany({ select: { id: true, name: true, archivedAt: true, type: true } }),
    ]);
    const nameOf = new Map(instances.map((i) => [i.id, i.name]));
    const podById = new Map(pods.map((pod) => [pod.id, pod]));
    const sumsByPod = new Map(sums.map((s) => [s.podId, s]));
    const billedByPod = new Map(billedPods.map((b) => [b.podId, b]));
    const idleByPod = new Map(idle.map((i) => [i.pod.id, i]));
    const { runningPods, burnRatePerHour } = await this.burn();

    const podCosts: PodCost[] = pods.map((pod) => {
      const estimated = sumsByPod.get(pod.id);
      const billed = status.covered ? billedByPod.get(pod.id) : undefined;
      const instanceId = pod.instanceId ?? estimated?.instanceId ?? null;
      return {
        podId: pod.id,
        name: pod.name,
        instance: instanceId ? (nameOf.get(instanceId) ?? null) : null,
        status: pod.status,
        gone: pod.goneAt !== null,
        costPerHr: RUNNING.includes(pod.status) && pod.goneAt === null ? pod.costPerHr : 0,
        spend: billed ? figure(billed.amount, 'actual') : figure(estimated?.spend ?? 0, 'estimated'),
        spendToday: billed
          ? figure(billed.amountToday, 'actual')
          : figure(estimated?.spendToday ?? 0, 'estimated'),
        estimatedSpend: amount(estimated?.spend ?? 0),
        actualSpend: billed ? amount(billed.amount) : null,
        idleWaste: amount(estimated?.idleWaste ?? 0),
        idleWasteToday: amount(estimated?.idleWasteToday ?? 0),
        sampledSeconds: Math.round(estimated?.seconds ?? 0),
        idleSeconds: Math.round(estimated?.idleSeconds ?? 0),
        idleForSeconds: idleByPod.get(pod.id)?.idleForSeconds ?? null,
        storagePerMonth:
          pod.status === 'EXITED' && pod.goneAt === null ? storageCostPerMonth(pod.volumeInGb) : 0,
      };
    });
    podCosts.sort(
      (a, b) => b.spend.amount - a.spend.amount || b.costPerHr - a.costPerHr || a.name.localeCompare(b.name),
    );

    const stored = podCosts.filter((p) => p.storagePerMonth > 0);
    const storagePerMonth = stored.reduce((total, p) => total + p.storagePerMonth, 0);
    const estimatedByDay = new Map(daySums.map((d) => [d.day, d]));
    const billedByDay = new Map(billedDays.map((d) => [d.day, d.amount]));
    const daily: DailyCost[] = [];
    for (let day = fromDay; day <= today; day = addDays(day, 1)) {
      const estimated = estimatedByDay.get(day);
      daily.push({
        day,
        spend: status.covered
          ? figure(billedByDay.get(day) ?? 0, 'actual')
          : figure(estimated?.spend ?? 0, 'estimated'),
        estimatedSpend: amount(estimated?.spend ?? 0),
        idleWaste: amount(estimated?.idleWaste ?? 0),
      });
    }
    const periodSpend = daily.reduce((total, d) => total + d.spend.amount, 0);
    const todayCost = daily[daily.length - 1]!;
    const projected = projections(burnRatePerHour);

    return {
      generatedAt: now.toISOString(),
      period: { from: dayStart(fromDay).toISOString(), to: dayStart(addDays(today, 1)).toISOString(), days },
      runningPods,
      burnRatePerHour,
      projectedPerDay: projected.perDay,
      projectedPerMonth: projected.perMonth,
      spend: {
        period: figure(periodSpend, status.covered ? 'actual' : 'estimated'),
        today: todayCost.spend,
      },
      idleWaste: {
        period: amount(daily.reduce((total, d) => total + d.idleWaste, 0)),
        today: todayCost.idleWaste,
      },
      daily,
      storage: {
        perHour: amount(storagePerMonth / 720),
        perDay: amount(storagePerMonth / 30),
        perMonth: amount(storagePerMonth),
        pods: stored.map((p) => ({
          podId: p.podId,
          name: p.name,
          instance: p.instance,
          volumeInGb: podById.get(p.podId)?.volumeInGb ?? 0,
          perMonth: p.storagePerMonth,
        })),
      },
      account: await this.account(burnRatePerHour),
      billing: status,
      pods: podCosts,
      instances: this.instanceCosts(podCosts, instances),
      suggestions: costSuggestions({
        idleAfterSeconds: this.podwatch.alerts.idlePod,
        running: idle.map((i) => ({
          podId: i.pod.id,
          name: i.pod.name,
          instance: i.instance,
          costPerHr: i.pod.costPerHr,
          idleForSeconds: i.idleForSeconds,
          activeAgents: i.activeAgents,
          protect: i.protect,
        })),
        stopped: pods
          .filter((pod) => pod.status === 'EXITED' && pod.goneAt === null)
          .map((pod) => ({
            podId: pod.id,
            name: pod.name,
            instance: pod.instanceId ? (nameOf.get(pod.instanceId) ?? null) : null,
            volumeInGb: pod.volumeInGb,
          })),
      }),
    };
  }

  private instanceCosts(
    pods: PodCost[],
    instances: { name: string; archivedAt: Date | null; type: string }[],
  ): InstanceCost[] {
    const byName = new Map<string, PodCost[]>();
    for (const instance of instances) {
      if (instance.archivedAt === null && instance.type === 'pod') byName.set(instance.name, []);
    }
    for (const pod of pods) {
      if (pod.instance === null) continue;
      const list = byName.get(pod.instance) ?? [];
      list.push(pod);
      byName.set(pod.instance, list);
    }
    const sum = (list: PodCost[], pick: (pod: PodCost) => number) =>
      list.reduce((total, pod) => total + pick(pod), 0);
    const basis = (list: PodCost[], pick: (pod: PodCost) => CostFigure) =>
      list.length > 0 && list.every((pod) => pick(pod).basis === 'actual') ? 'actual' : 'estimated';
    return [...byName.entries()]
      .map(([instance, list]) => ({
        instance,
        podIds: list.map((pod) => pod.podId),
        costPerHr: amount(sum(list, (pod) => pod.costPerHr)),
        spend: figure(
          sum(list, (pod) => pod.spend.amount),
          basis(list, (pod) => pod.spend),
        ),
        spendToday: figure(
          sum(list, (pod) => pod.spendToday.amount),
          basis(list, (pod) => pod.spendToday),
        ),
        idleWaste: amount(sum(list, (pod) => pod.idleWaste)),
        idleWasteToday: amount(sum(list, (pod) => pod.idleWasteToday)),
      }))
      .sort((a, b) => b.spend.amount - a.spend.amount || a.instance.localeCompare(b.instance));
  }

  private async activeAgentsByPod(now: Date): Promise<Map<string, number>> {
    const rows = await this.prisma.agentSession.groupBy({
      by: ['podId'],
      where: { lastHeartbeat: { gt: new Date(now.getTime() - AGENT_ACTIVE_SECONDS * 1000) } },
      _count: { _all: true },
    });
    return new Map(rows.map((row) => [row.podId, row._count._all]));
  }
}

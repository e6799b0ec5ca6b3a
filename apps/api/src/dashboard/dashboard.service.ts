import { Inject, Injectable } from '@nestjs/common';
import {
  burnRate,
  type CollectorStatus,
  type DashboardResponse,
  type FleetKpis,
  isPodRunning,
  type PodStatus,
  type PodView,
  projections,
  runwayHours,
} from '@podwatch/shared';
import { Clock } from '../common/clock.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/env.js';
import { CostsService } from '../costs/costs.service.js';
import { InstancesService } from '../instances/instances.service.js';
import { toPodView } from '../pods/pod-view.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { RunpodBudget } from '../runpod/runpod-budget.js';
import { GraphqlState } from '../runpod/graphql-state.js';
import { AGENT_ACTIVE_SECONDS, toServerlessView } from '../instances/related-views.js';

/** Unmanaged pods the overview lists (costliest, running first). */
export const UNMANAGED_LISTED = 50;

/** Fleet figures from what the last collection saw; the cost figures come from CostsService. */
export function fleetKpis(
  pods: { status: string; costPerHr: number }[],
  activeAgents: number,
  costs: Pick<FleetKpis, 'idleWasteToday' | 'spendToday' | 'balance' | 'balanceBasis' | 'openAlerts'> = {
    idleWasteToday: null,
  },
): FleetKpis {
  const burn = burnRate(pods);
  const projected = projections(burn);
  return {
    runningPods: pods.filter((pod) => isPodRunning(pod.status as PodStatus)).length,
    burnRatePerHour: burn,
    projectedPerDay: projected.perDay,
    projectedPerMonth: projected.perMonth,
    activeAgents,
    idleWasteToday: costs.idleWasteToday,
    spendToday: costs.spendToday ?? null,
    balance: costs.balance ?? null,
    balanceBasis: costs.balanceBasis ?? null,
    runwayHours: runwayHours(costs.balance, burn),
    openAlerts: costs.openAlerts ?? 0,
  };
}

@Injectable()
export class DashboardService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly instances: InstancesService,
    private readonly costs: CostsService,
    private readonly clock: Clock,
    private readonly budget: RunpodBudget,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly graphql: GraphqlState,
  ) {}

  async collectorStatus(): Promise<CollectorStatus> {
    const now = this.clock.now();
    const [lastAttempt, lastSuccess, runpodBudget] = await Promise.all([
      this.prisma.collectionCycle.findFirst({ orderBy: { startedAt: 'desc' } }),
      this.prisma.collectionCycle.findFirst({ where: { ok: true }, orderBy: { startedAt: 'desc' } }),
      this.budget.status(),
    ]);
    const staleAfterMs = this.instances.staleAfterSeconds * 1000;
    return {
      lastSuccessAt: lastSuccess?.finishedAt?.toISOString() ?? null,
      lastAttemptAt: lastAttempt?.startedAt.toISOString() ?? null,
      lastError: lastAttempt && !lastAttempt.ok ? lastAttempt.error : null,
      intervalSeconds: this.config.statsIntervalSeconds,
      stale: !lastSuccess?.finishedAt || now.getTime() - lastSuccess.finishedAt.getTime() > staleAfterMs,
      runpodBudget,
    };
  }

  async dashboard(): Promise<DashboardResponse> {
    const now = this.clock.now();
    const [instances, pods, endpoints, activeAgents, collector, today, account, openAlerts] =
      await Promise.all([
        this.instances.findActive(),
        this.prisma.pod.findMany({
          where: { goneAt: null },
          orderBy: [{ costPerHr: 'desc' }, { name: 'asc' }],
        }),
        this.prisma.serverlessEndpoint.findMany({ orderBy: { name: 'asc' } }),
        this.prisma.agentSession.count({
          where: { lastHeartbeat: { gt: new Date(now.getTime() - AGENT_ACTIVE_SECONDS * 1000) } },
        }),
        this.collectorStatus(),
        this.costs.today(),
        this.costs.account(0),
        this.prisma.alert.count({ where: { resolvedAt: null } }),
      ]);
    const instanceByEndpoint = new Map(
      instances.flatMap((i) => (i.endpointId ? [[i.endpointId, i.name] as const] : [])),
    );
    // The overview lists the costliest unmanaged pods; a fleet of thousands is summarised, not sent whole.
    const unmanaged = pods.filter((pod) => pod.instanceId === null);
    const unmanagedRunning = unmanaged.filter((pod) => isPodRunning(pod.status));
    const unmanagedPods: PodView[] = [
      ...unmanagedRunning,
      ...unmanaged.filter((pod) => !isPodRunning(pod.status)),
    ]
      .slice(0, UNMANAGED_LISTED)
      .map((pod) => toPodView(pod, null));
    return {
      generatedAt: now.toISOString(),
      demo: this.config.demo,
      kpis: fleetKpis(pods, activeAgents, {
        idleWasteToday: today.idleWaste,
        spendToday: today.spend.amount,
        balance: account.balance,
        balanceBasis: account.balanceBasis,
        openAlerts,
      }),
      instances: await this.instances.views(instances),
      unmanagedPods,
      unmanagedSummary: {
        total: unmanaged.length,
        running: unmanagedRunning.length,
        burnRatePerHour: burnRate(unmanagedRunning),
        listed: unmanagedPods.length,
      },
      serverless: endpoints.map((e) => toServerlessView(e, instanceByEndpoint.get(e.id) ?? null)),
      collector,
      graphql: this.graphql.health(),
    };
  }
}

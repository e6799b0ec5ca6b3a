/**
 * The alert rules of podwatch.yaml, evaluated after every successful collection cycle. Each rule
 * fires once per crossing (AlertsService keeps one open alert per rule and subject) and resolves
 * when its condition clears. Prune raises `prune-confirmation` and `pre-kill-warning` itself; this
 * resolves the pre-kill warnings whose countdown moved on.
 */
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { formatDuration, formatMoney, roundMoney } from '@podwatch/shared';
import { CollectionEvents } from '../common/collection-events.js';
import { PODWATCH_CONFIG } from '../config/podwatch-config.module.js';
import type { PodwatchConfig } from '../config/podwatch-config.js';
import { CostsService } from '../costs/costs.service.js';
import type { Alert } from '../generated/prisma/client.js';
import { InstancesService } from '../instances/instances.service.js';
import { type AlertInput, AlertsService } from './alerts.service.js';

export interface AlertEvaluation {
  fired: Alert[];
  resolved: Alert[];
}

const FLEET = 'fleet';
/** Whole minutes, rounded down (the messages say "at least"). */
const minutes = (seconds: number) => formatDuration(Math.max(60, Math.floor(seconds / 60) * 60));

@Injectable()
export class AlertRulesService implements OnModuleInit {
  private readonly logger = new Logger(AlertRulesService.name);

  constructor(
    private readonly alerts: AlertsService,
    private readonly costs: CostsService,
    private readonly instances: InstancesService,
    private readonly events: CollectionEvents,
    @Inject(PODWATCH_CONFIG) private readonly podwatch: PodwatchConfig,
  ) {}

  onModuleInit(): void {
    this.events.onCycle(async (report) => {
      if (report.ok) await this.evaluate();
    });
  }

  async evaluate(): Promise<AlertEvaluation> {
    const result: AlertEvaluation = { fired: [], resolved: [] };
    const rules = this.podwatch.alerts;
    const set = async (crossed: boolean, input: AlertInput, clearedMessage: string) => {
      if (crossed) {
        const fired = await this.alerts.fire(input);
        if (fired) result.fired.push(fired);
      } else {
        const resolved = await this.alerts.resolve(input.rule, input.subject, clearedMessage);
        if (resolved) result.resolved.push(resolved);
      }
    };

    const { runningPods, burnRatePerHour: burn } = await this.costs.burn();
    await set(
      burn > rules.burnRatePerHour,
      {
        rule: 'burn-rate',
        subject: FLEET,
        severity: 'warning',
        value: burn,
        threshold: rules.burnRatePerHour,
        message: `Burn rate ${formatMoney(burn)}/h is above ${formatMoney(rules.burnRatePerHour)}/h: ${runningPods} running pod(s), ${formatMoney(burn * 24)}/day`,
        data: { runningPods, projectedPerDay: roundMoney(burn * 24) },
      },
      `Burn rate back to ${formatMoney(burn)}/h (threshold ${formatMoney(rules.burnRatePerHour)}/h)`,
    );

    // Billing lags behind the samples, the samples miss what they never saw: the higher one decides.
    const today = await this.costs.today();
    const spend = roundMoney(Math.max(today.estimatedSpend, today.actualSpend ?? 0));
    for (const level of ['warning', 'critical'] as const) {
      const threshold = level === 'warning' ? rules.dailySpend.warn : rules.dailySpend.critical;
      await set(
        spend >= threshold,
        {
          rule: `daily-spend-${level}`,
          subject: FLEET,
          severity: level,
          value: spend,
          threshold,
          message: `Spent ${formatMoney(spend)} today (UTC), at or above the ${level} level of ${formatMoney(threshold)}`,
        },
        `Daily spend ${formatMoney(spend)} is below ${formatMoney(threshold)} (a new day began)`,
      );
    }

    const account = await this.costs.account(burn);
    if (account.balance !== null) {
      const balance = account.balance;
      for (const level of ['warning', 'critical'] as const) {
        const threshold = level === 'warning' ? rules.balance.warn : rules.balance.critical;
        await set(
          balance < threshold,
          {
            rule: `balance-${level}`,
            subject: FLEET,
            severity: level,
            value: balance,
            threshold,
            message: `RunPod balance ${formatMoney(balance)} is below ${formatMoney(threshold)}${account.runwayHours === null ? '' : `: about ${account.runwayHours} h left at ${formatMoney(burn)}/h`}`,
            data: { runwayHours: account.runwayHours },
          },
          `RunPod balance ${formatMoney(balance)} is back above ${formatMoney(threshold)}`,
        );
      }
    }

    await this.idlePods(result);
    await this.staleWarnings(result);
    if (result.fired.length + result.resolved.length > 0) {
      this.logger.log(`Alert rules: ${result.fired.length} fired, ${result.resolved.length} resolved`);
    }
    return result;
  }

  /** A pod running over `idlePod` with no activity and no active agent. */
  private async idlePods(result: AlertEvaluation): Promise<void> {
    const window = this.podwatch.alerts.idlePod;
    const pods = await this.costs.idleness(window + this.costs.gapSeconds);
    const idle = new Set<string>();
    for (const entry of pods) {
      const seconds = entry.idleForSeconds;
      if (seconds === null || seconds < window || entry.activeAgents > 0) continue;
      idle.add(entry.pod.id);
      const fired = await this.alerts.fire({
        rule: 'idle-pod',
        subject: entry.pod.id,
        severity: 'warning',
        value: seconds,
        threshold: window,
        instance: entry.instance,
        message: `${entry.pod.name} has been running idle for at least ${minutes(seconds)} at ${formatMoney(entry.pod.costPerHr)}/h (${formatMoney(entry.pod.costPerHr * 24)}/day) with no activity and no active agent`,
        data: {
          podId: entry.pod.id,
          name: entry.pod.name,
          costPerHr: entry.pod.costPerHr,
          idleForSeconds: seconds,
        },
      });
      if (fired) result.fired.push(fired);
    }
    const byId = new Map(pods.map((entry) => [entry.pod.id, entry]));
    for (const open of await this.alerts.open('idle-pod')) {
      if (idle.has(open.subject)) continue;
      const entry = byId.get(open.subject);
      const why = !entry
        ? 'no longer running'
        : entry.activeAgents > 0
          ? 'an agent is active in it'
          : 'it became active';
      const name = (open.data as { name?: string }).name ?? open.subject;
      const resolved = await this.alerts.resolve('idle-pod', open.subject, `${name}: ${why}`);
      if (resolved) result.resolved.push(resolved);
    }
  }

  /** A pre-kill warning holds for one countdown: it resolves once that countdown moved or ended. */
  private async staleWarnings(result: AlertEvaluation): Promise<void> {
    const open = await this.alerts.open('pre-kill-warning');
    if (open.length === 0) return;
    const views = new Map((await this.instances.views()).map((view) => [view.instance, view]));
    for (const alert of open) {
      const data = alert.data as { instance?: string; killAt?: string };
      const view = data.instance ? views.get(data.instance) : undefined;
      let why: string | null = null;
      if (!view) why = 'the instance is gone';
      else if (view.state === 'stopped') why = `${view.instance} stopped`;
      else if (view.killAt !== data.killAt) why = `${view.instance} became active: the countdown was reset`;
      if (why === null) continue;
      const resolved = await this.alerts.resolve(alert.rule, alert.subject, why);
      if (resolved) result.resolved.push(resolved);
    }
  }
}

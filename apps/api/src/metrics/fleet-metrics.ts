/**
 * Fleet gauges, read from the database at each scrape (so every replica reports the same fleet):
 * each pod's status, cost and latest utilisation, each instance's seconds until kill, the burn
 * rate, the balance, collector freshness and open alerts.
 */
import { Injectable } from '@nestjs/common';
import type { GpuTelemetry } from '@podwatch/shared';
import { Gauge } from 'prom-client';
import { Clock } from '../common/clock.js';
import { CostsService } from '../costs/costs.service.js';
import { InstancesService } from '../instances/instances.service.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { MetricsService } from './metrics.service.js';

const POD_LABELS = ['pod_id', 'pod_name', 'instance'] as const;

interface LatestSample {
  podId: string;
  cpuPercent: number | null;
  memoryPercent: number | null;
  gpuUtilMax: number | null;
  temperatureC: number | null;
  powerWatts: number | null;
  gpus: GpuTelemetry[] | null;
}

@Injectable()
export class FleetMetrics {
  private readonly gauges;

  constructor(
    metrics: MetricsService,
    private readonly prisma: PrismaService,
    private readonly instances: InstancesService,
    private readonly costs: CostsService,
    private readonly clock: Clock,
  ) {
    const registers = [metrics.registry];
    const pod = (name: string, help: string, extra: string[] = []) =>
      new Gauge({ name, help, labelNames: [...POD_LABELS, ...extra], registers });
    this.gauges = {
      podStatus: pod('podwatch_pod_status', 'The pod’s current status: 1 on the series of that status', [
        'status',
      ]),
      podCost: pod(
        'podwatch_pod_cost_per_hour_dollars',
        'What the pod costs now, USD per hour (0 once stopped)',
      ),
      gpuUtil: pod('podwatch_pod_gpu_utilization_percent', 'Utilisation of each GPU, latest sample', ['gpu']),
      gpuUtilMax: pod('podwatch_pod_gpu_utilization_max_percent', 'Busiest GPU (what activity is judged on)'),
      gpuMemory: pod('podwatch_pod_gpu_memory_utilization_percent', 'Memory utilisation of each GPU', [
        'gpu',
      ]),
      cpu: pod('podwatch_pod_cpu_utilization_percent', 'Container CPU utilisation, latest sample'),
      memory: pod('podwatch_pod_memory_utilization_percent', 'Container memory utilisation, latest sample'),
      temperature: pod('podwatch_pod_gpu_temperature_celsius', 'Hottest GPU, latest sample'),
      power: pod('podwatch_pod_gpu_power_watts', 'All GPUs together, latest sample'),
      untilKill: new Gauge({
        name: 'podwatch_instance_seconds_until_kill',
        help: 'Seconds until the idle countdown reaches zero and prune may stop the instance',
        labelNames: ['instance', 'state'],
        registers,
      }),
      stale: new Gauge({
        name: 'podwatch_instance_stale',
        help: '1 when the instance’s data is stale (no successful collection within two intervals)',
        labelNames: ['instance'],
        registers,
      }),
      burn: new Gauge({
        name: 'podwatch_fleet_burn_rate_dollars_per_hour',
        help: 'Σ cost of running pods, USD per hour',
        registers,
      }),
      running: new Gauge({
        name: 'podwatch_fleet_running_pods',
        help: 'Pods that hold a machine',
        registers,
      }),
      balance: new Gauge({
        name: 'podwatch_account_balance_dollars',
        help: 'RunPod account balance at the last collection',
        registers,
      }),
      lastCollection: new Gauge({
        name: 'podwatch_collector_last_success_timestamp_seconds',
        help: 'When the last successful collection cycle finished (Unix time)',
        registers,
      }),
      alerts: new Gauge({
        name: 'podwatch_alerts_open',
        help: 'Open alerts by rule and severity',
        labelNames: ['rule', 'severity'],
        registers,
      }),
    };
  }

  /** Reloads every fleet gauge from the database (called right before the registry is rendered). */
  async refresh(): Promise<void> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - this.costs.gapSeconds * 1000);
    const [pods, samples, views, burn, account, lastCycle, alerts] = await Promise.all([
      this.prisma.pod.findMany({ where: { goneAt: null } }),
      this.prisma.$queryRaw<LatestSample[]>`
        select distinct on ("podId") "podId", "cpuPercent", "memoryPercent", "gpuUtilMax", "temperatureC", "powerWatts", "gpus"
        from "TelemetrySample"
        where "source" = 'runpod' and "time" > ${since}
        order by "podId", "time" desc`,
      this.instances.views(),
      this.costs.burn(),
      this.costs.account(0),
      this.prisma.collectionCycle.findFirst({ where: { ok: true }, orderBy: { startedAt: 'desc' } }),
      this.prisma.alert.groupBy({
        by: ['rule', 'severity'],
        where: { resolvedAt: null },
        _count: { _all: true },
      }),
    ]);
    for (const gauge of Object.values(this.gauges)) gauge.reset();
    const g = this.gauges;
    const instanceOf = new Map(
      views.flatMap((v) => (v.config.podId ? [[v.config.podId, v.instance] as const] : [])),
    );
    const sampleOf = new Map(samples.map((s) => [s.podId, s]));
    for (const pod of pods) {
      const labels = { pod_id: pod.id, pod_name: pod.name, instance: instanceOf.get(pod.id) ?? '' };
      g.podStatus.set({ ...labels, status: pod.status }, 1);
      g.podCost.set(labels, pod.costPerHr);
      const sample = pod.status === 'RUNNING' ? sampleOf.get(pod.id) : undefined;
      if (!sample) continue;
      const set = (gauge: Gauge, value: number | null) => {
        if (value !== null && Number.isFinite(value)) gauge.set(labels, value);
      };
      set(g.cpu, sample.cpuPercent);
      set(g.memory, sample.memoryPercent);
      set(g.gpuUtilMax, sample.gpuUtilMax);
      set(g.temperature, sample.temperatureC);
      set(g.power, sample.powerWatts);
      for (const gpu of sample.gpus ?? []) {
        if (gpu.utilPercent !== null) g.gpuUtil.set({ ...labels, gpu: String(gpu.index) }, gpu.utilPercent);
        if (gpu.memoryUtilPercent !== null)
          g.gpuMemory.set({ ...labels, gpu: String(gpu.index) }, gpu.memoryUtilPercent);
      }
    }
    for (const view of views) {
      if (view.timeUntilKill !== null)
        g.untilKill.set({ instance: view.instance, state: view.state }, view.timeUntilKill);
      g.stale.set({ instance: view.instance }, view.stale ? 1 : 0);
    }
    g.burn.set(burn.burnRatePerHour);
    g.running.set(burn.runningPods);
    if (account.balance !== null) g.balance.set(account.balance);
    if (lastCycle?.finishedAt) g.lastCollection.set(lastCycle.finishedAt.getTime() / 1000);
    for (const row of alerts) g.alerts.set({ rule: row.rule, severity: row.severity }, row._count._all);
  }
}

/**
 * A collection cycle: one look at the whole fleet (RunpodGateway), then history, activity and
 * every instance's live snapshot. On a RunPod failure the last data stays, marked stale with the
 * reason, until a good cycle clears it.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { isPodRunning, isPodStatus, type PodView, type ServerlessEndpointView } from '@podwatch/shared';
import type { RunpodPod } from '@podwatch/runpod-client';
import { ActivityService } from '../activity/activity.service.js';
import { Clock } from '../common/clock.js';
import { CollectionEvents, type CycleReport } from '../common/collection-events.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/env.js';
import { CostsService } from '../costs/costs.service.js';
import { InstancesService, type InstanceWithSnapshot } from '../instances/instances.service.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { type FleetObservation, RunpodGateway } from '../runpod/runpod.gateway.js';
import { buildSample, type BuiltSample } from '../telemetry/sample.js';
import { applyThermals } from '../telemetry/thermals.js';
import { TelemetryRepository } from '../telemetry/telemetry.repository.js';
import { SnapshotStore } from '../snapshots/snapshot-store.js';

export type { CycleReport } from '../common/collection-events.js';

/** A RunPod error as a stale reason: its own message, which never carries the API key. */
export function staleReason(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

@Injectable()
export class CollectorService {
  private readonly logger = new Logger(CollectorService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly gateway: RunpodGateway,
    private readonly instances: InstancesService,
    private readonly activity: ActivityService,
    private readonly telemetry: TelemetryRepository,
    private readonly costs: CostsService,
    private readonly events: CollectionEvents,
    private readonly clock: Clock,
    private readonly snapshots: SnapshotStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** One cycle, then what follows it (alert rules, metrics) before it resolves. */
  async collect(): Promise<CycleReport> {
    const report = await this.cycle();
    await this.events.emit(report);
    return report;
  }

  private async cycle(): Promise<CycleReport> {
    const started = performance.now();
    const startedAt = this.clock.now();
    const cycle = await this.prisma.collectionCycle.create({ data: { startedAt } });
    const instances = await this.instances.findActive();
    const endpointIds = instances.flatMap((i) =>
      i.type === 'serverless' && i.endpointId ? [i.endpointId] : [],
    );

    let fleet: FleetObservation;
    try {
      fleet = await this.gateway.observeFleet(endpointIds);
    } catch (error) {
      const reason = staleReason(error);
      this.logger.warn(`Collection failed, keeping the last data marked stale: ${reason}`);
      await this.markStale(
        instances.map((i) => i.id),
        reason,
        startedAt,
      );
      return this.finish(cycle.id, startedAt, started, { ok: false, pods: 0, samples: 0, error: reason });
    }

    const byPod = new Map(fleet.pods.map((observed) => [observed.pod.id, observed]));
    const instanceByPod = new Map(
      instances.flatMap((i) => (i.type === 'pod' && i.podId ? [[i.podId, i] as const] : [])),
    );
    const built = new Map<string, BuiltSample>();
    for (const observed of fleet.pods) {
      const owner = instanceByPod.get(observed.pod.id);
      const sample = buildSample(observed, owner?.id ?? null, owner?.gpuUtilThreshold ?? 10, fleet.at);
      if (sample) built.set(observed.pod.id, sample);
    }
    const samples = await this.telemetry.insertSamples([...built.values()].map((b) => b.sample));
    // GraphQL only enriches: without it temperature and power come from the pod agent, or are not available.
    applyThermals(
      built,
      fleet.graphqlUnavailable,
      fleet.graphqlUnavailable === null
        ? []
        : await this.telemetry.latestAgentThermals(
            [...built.keys()],
            new Date(fleet.at.getTime() - this.instances.staleAfterSeconds * 1000),
          ),
    );

    for (const instance of instances) {
      if (instance.type === 'pod') {
        await this.updatePodInstance(
          instance,
          instance.podId ? byPod.get(instance.podId) : undefined,
          built,
          fleet.at,
        );
      } else {
        await this.updateServerlessInstance(instance, fleet);
      }
    }
    await this.recordEndpoints(fleet, instances);
    // Costs accrue from the previous successful observation to this one (this cycle's is not written yet).
    const previous = await this.prisma.collectionCycle.findFirst({
      where: { ok: true, observedAt: { not: null } },
      orderBy: { observedAt: 'desc' },
      select: { observedAt: true },
    });
    await this.costs.accrue(previous?.observedAt ?? null, fleet.at);
    return this.finish(cycle.id, startedAt, started, {
      ok: true,
      pods: fleet.pods.length,
      samples,
      error: null,
      observedAt: fleet.at,
      balance: fleet.spend?.clientBalance ?? null,
      spendPerHr: fleet.spend?.currentSpendPerHr ?? null,
      spendLimit: fleet.spend?.spendLimit ?? null,
    });
  }

  private async updatePodInstance(
    instance: InstanceWithSnapshot,
    observed: FleetObservation['pods'][number] | undefined,
    built: Map<string, BuiltSample>,
    at: Date,
  ): Promise<void> {
    const previous = instance.snapshot;
    let busy = false;
    const pod = observed?.pod;
    if (pod) {
      const restartedAt = restartOf(instance, pod, at);
      if (restartedAt) {
        await this.activity.record({
          instanceId: instance.id,
          podId: pod.id,
          signal: 'pod-start',
          at: restartedAt,
        });
      }
      const sample = built.get(pod.id);
      const running = pod.status === 'RUNNING';
      // Missing telemetry on a running pod counts as activity: never prune on what was not seen.
      const active = running && (sample ? sample.verdict.busy : true);
      if (active) {
        const detail = sample?.verdict.reason ?? 'no telemetry reported: counted as activity';
        await this.activity.record({
          instanceId: instance.id,
          podId: pod.id,
          signal: 'gpu',
          at,
          detail,
          log: !previous?.busy,
        });
        busy = true;
      }
    }
    await this.snapshots.observedPod(instance.id, {
      telemetry: pod ? (built.get(pod.id)?.view ?? null) : null,
      podMissing: !pod,
      running: pod?.status === 'RUNNING',
      podId: instance.podId,
      busy,
      at,
    });
  }

  private async updateServerlessInstance(
    instance: InstanceWithSnapshot,
    fleet: FleetObservation,
  ): Promise<void> {
    const result = instance.endpointId ? fleet.workers.get(instance.endpointId) : undefined;
    if (result === undefined || result instanceof Error || fleet.endpoints instanceof Error) {
      const reason =
        result instanceof Error
          ? `workers: ${staleReason(result)}`
          : fleet.endpoints instanceof Error
            ? `endpoint list: ${staleReason(fleet.endpoints)}`
            : 'no endpointId configured';
      await this.markStale([instance.id], reason, fleet.at);
      return;
    }
    const { summary } = result;
    const working = summary.running + summary.initializing > 0;
    if (working) {
      await this.activity.record({
        instanceId: instance.id,
        signal: 'workers',
        at: fleet.at,
        detail: `${summary.running} running, ${summary.initializing} initializing`,
        log: !instance.snapshot?.busy,
      });
    }
    await this.snapshots.observedServerless(instance.id, working, fleet.at);
  }

  /** Every endpoint of the account; worker counts for the ones an instance watches. */
  private async recordEndpoints(fleet: FleetObservation, instances: InstanceWithSnapshot[]): Promise<void> {
    // An endpoint list that could not be read leaves the last one as it was.
    if (fleet.endpoints instanceof Error) return;
    for (const endpoint of fleet.endpoints) {
      const workers = fleet.workers.get(endpoint.id);
      const summary: Partial<ServerlessEndpointView['workers']> | undefined =
        workers && !(workers instanceof Error) ? workers.summary : undefined;
      const data = {
        id: endpoint.id,
        name: endpoint.name,
        type: endpoint.type,
        computeType: endpoint.computeType,
      };
      await this.prisma.serverlessEndpoint.upsert({
        where: { id: endpoint.id },
        create: {
          id: endpoint.id,
          name: endpoint.name,
          workersMin: endpoint.workers.min,
          workersMax: endpoint.workers.max,
          workers: summary ?? {},
          data,
          lastSeenAt: fleet.at,
        },
        update: {
          name: endpoint.name,
          workersMin: endpoint.workers.min,
          workersMax: endpoint.workers.max,
          ...(summary ? { workers: summary } : {}),
          data,
          lastSeenAt: fleet.at,
        },
      });
    }
    const watched = new Set(instances.map((i) => i.endpointId));
    const seen = fleet.endpoints.map((e) => e.id);
    await this.prisma.serverlessEndpoint.deleteMany({
      where: {
        id: { notIn: seen },
        NOT: { id: { in: [...watched].filter((id): id is string => id !== null) } },
      },
    });
  }

  /** Retention: collection cycles that started before `before`. */
  async forgetCyclesBefore(before: Date): Promise<number> {
    const { count } = await this.prisma.collectionCycle.deleteMany({ where: { startedAt: { lt: before } } });
    return count;
  }

  private markStale(instanceIds: string[], reason: string, at: Date): Promise<void> {
    return this.snapshots.markStale(instanceIds, reason, at);
  }

  private async finish(
    cycleId: bigint,
    startedAt: Date,
    started: number,
    outcome: Pick<CycleReport, 'ok' | 'pods' | 'samples' | 'error'> & {
      observedAt?: Date;
      balance?: number | null;
      spendPerHr?: number | null;
      spendLimit?: number | null;
    },
  ): Promise<CycleReport> {
    const finishedAt = this.clock.now();
    const durationMs = Math.round(performance.now() - started);
    await this.prisma.collectionCycle.update({
      where: { id: cycleId },
      data: { ...outcome, finishedAt, durationMs },
    });
    return {
      ok: outcome.ok,
      pods: outcome.pods,
      samples: outcome.samples,
      error: outcome.error,
      startedAt,
      durationMs,
    };
  }
}

/**
 * When the pod (re)started, if that should reset the countdown: a `startedAt` later than the last
 * activity (also a restart while Podwatch was down), or a pod seen running whose last known status
 * was stopped (then at the later of its `startedAt` and this observation when RunPod's start time
 * is missing or older). A start from before Podwatch watched the instance does not count.
 */
export function restartOf(instance: InstanceWithSnapshot, pod: RunpodPod, at: Date): Date | null {
  if (!isPodRunning(isPodStatus(pod.status) ? pod.status : null)) return null;
  const lastRunAt = instance.snapshot?.lastRunAt ?? instance.createdAt;
  if (pod.startedAt && pod.startedAt > lastRunAt && pod.startedAt <= at) return pod.startedAt;
  const previous = (instance.snapshot?.pod ?? null) as PodView | null;
  const wasStopped = previous !== null && (previous.gone || !isPodRunning(previous.status));
  if (wasStopped && previous.id === pod.id) return at;
  return null;
}

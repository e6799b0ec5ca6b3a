import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ActivitySignal, InstanceAgentView, InstanceSnapshot, TimelineEntry } from '@podwatch/shared';
import { toAuditView } from '../audit/audit-view.js';
import { Clock } from '../common/clock.js';
import { ProblemException, problemTitle } from '../common/problem.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/env.js';
import type { InstanceConfig } from '../config/podwatch-config.js';
import { LOCK_NAMESPACE } from '../db/advisory-locks.js';
import { Prisma, type Instance, type PodSnapshot } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { SnapshotStore } from '../snapshots/snapshot-store.js';
import { AgentReportsRepository } from './agent-reports.repository.js';
import { AGENT_VIEW_WINDOW_SECONDS, toInstanceAgentView } from './agent-view.js';
import { toInstanceSnapshot } from './instance-view.js';
import { AGENT_ACTIVE_SECONDS, toAgentView, toServerlessView } from './related-views.js';

export type InstanceWithSnapshot = Instance & { snapshot: PodSnapshot | null };

export function instanceNotFound(name: string): ProblemException {
  return new ProblemException({
    type: 'about:blank',
    title: problemTitle(404),
    status: 404,
    detail: `No instance named "${name}". GET /api/v1/instances lists them.`,
  });
}

function columnsOf(config: InstanceConfig) {
  return {
    type: config.type,
    podId: config.podId,
    endpointId: config.endpointId,
    createSpec: config.createSpec === null ? Prisma.DbNull : (config.createSpec as Prisma.InputJsonValue),
    inactivitySeconds: config.inactivitySeconds,
    onIdle: config.onIdle,
    onOrphan: config.onOrphan,
    protect: config.protect,
    gpuUtilThreshold: config.gpuUtilThreshold,
    activitySignals: config.activitySignals,
    warnBeforeSeconds: config.warnBeforeSeconds,
  };
}

@Injectable()
export class InstancesService {
  private readonly logger = new Logger(InstancesService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly agentReports: AgentReportsRepository,
    private readonly snapshots: SnapshotStore,
  ) {}

  /**
   * Makes the database's config-sourced instances match podwatch.yaml: new ones are added, changed
   * ones updated, removed ones archived (their history stays). API-created instances are left alone.
   * A config instance keeps the pod it adopted or created earlier unless the file names another.
   */
  async syncFromConfig(
    instances: InstanceConfig[],
  ): Promise<{ added: string[]; updated: string[]; archived: string[] }> {
    const now = this.clock.now();
    const result = { added: [] as string[], updated: [] as string[], archived: [] as string[] };
    await this.prisma.$transaction(
      async (tx) => {
        // Replicas starting together sync one after the other: each then sees the rows the previous made.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE}::int, hashtext('instances-sync'))`;
        const existing = new Map((await tx.instance.findMany()).map((row) => [row.name, row]));
        for (const config of instances) {
          const row = existing.get(config.name);
          const columns = columnsOf(config);
          if (!row) {
            await tx.instance.create({
              data: {
                name: config.name,
                source: 'config',
                createdAt: now,
                ...columns,
                snapshot: { create: { inactivitySeconds: config.inactivitySeconds } },
              },
            });
            result.added.push(config.name);
            continue;
          }
          if (row.source === 'api')
            this.logger.warn(
              `Instance "${config.name}" is now defined in podwatch.yaml, which takes precedence`,
            );
          await tx.instance.update({
            where: { id: row.id },
            data: { ...columns, podId: config.podId ?? row.podId, source: 'config', archivedAt: null },
          });
          await this.snapshots.ensure(tx, row.id, config.inactivitySeconds);
          result.updated.push(config.name);
        }
        const names = new Set(instances.map((i) => i.name));
        for (const row of existing.values()) {
          if (row.source === 'config' && !names.has(row.name) && row.archivedAt === null) {
            await tx.instance.update({ where: { id: row.id }, data: { archivedAt: now } });
            result.archived.push(row.name);
          }
        }
        // Waiting for the other replicas' syncs counts against the transaction's time (5 s by default).
      },
      { timeout: 60_000 },
    );
    return result;
  }

  async findActive(): Promise<InstanceWithSnapshot[]> {
    return this.prisma.instance.findMany({
      where: { archivedAt: null },
      include: { snapshot: true },
      orderBy: { name: 'asc' },
    });
  }

  async findByName(name: string): Promise<InstanceWithSnapshot> {
    const instance = await this.prisma.instance.findUnique({ where: { name }, include: { snapshot: true } });
    if (!instance || instance.archivedAt !== null) throw instanceNotFound(name);
    return instance;
  }

  /** Every active instance's view, with its serverless endpoint, agents and agent report attached. */
  async views(rows?: InstanceWithSnapshot[]): Promise<InstanceSnapshot[]> {
    const now = this.clock.now();
    const instances = rows ?? (await this.findActive());
    const ids = instances.map((i) => i.id);
    const endpointIds = instances.flatMap((i) => (i.endpointId ? [i.endpointId] : []));
    const podIds = instances.flatMap((i) => (i.type === 'pod' && i.podId ? [i.podId] : []));
    const [endpoints, agents, reports] = await Promise.all([
      endpointIds.length
        ? this.prisma.serverlessEndpoint.findMany({ where: { id: { in: endpointIds } } })
        : [],
      this.prisma.agentSession.findMany({
        where: {
          instanceId: { in: ids },
          lastHeartbeat: { gt: new Date(now.getTime() - AGENT_ACTIVE_SECONDS * 1000) },
        },
        orderBy: { lastHeartbeat: 'desc' },
      }),
      this.agentReports.latest(podIds, new Date(now.getTime() - AGENT_VIEW_WINDOW_SECONDS * 1000)),
    ]);
    const endpointById = new Map(endpoints.map((e) => [e.id, e]));
    const reportByPod = new Map(reports.map((r) => [r.podId, r]));
    return instances.map((instance) => {
      const endpoint = instance.endpointId ? endpointById.get(instance.endpointId) : undefined;
      return this.view(instance, {
        serverless: endpoint ? toServerlessView(endpoint, instance.name) : null,
        agents: agents
          .filter((a) => a.instanceId === instance.id)
          .map((a) => toAgentView(a, instance.name, now)),
        agent: this.agentView(instance, reportByPod, now),
      });
    });
  }

  private agentView(
    instance: Instance,
    reports: Map<string, { time: Date; extra: unknown }>,
    now: Date,
  ): InstanceAgentView | null {
    const report = instance.type === 'pod' && instance.podId ? reports.get(instance.podId) : undefined;
    return report ? toInstanceAgentView(report.time, report.extra, now) : null;
  }

  /** The instance's activity signals and audit events merged, newest first. */
  async timeline(instance: Instance, limit: number): Promise<TimelineEntry[]> {
    const [activities, audits] = await Promise.all([
      this.prisma.activityEvent.findMany({
        where: { instanceId: instance.id },
        orderBy: { occurredAt: 'desc' },
        take: limit,
      }),
      this.prisma.auditEvent.findMany({
        where: { instanceId: instance.id },
        orderBy: { occurredAt: 'desc' },
        take: limit,
      }),
    ]);
    const names = new Map([[instance.id, instance.name]]);
    const entries: TimelineEntry[] = [
      ...activities.map((a) => ({
        type: 'activity' as const,
        at: a.occurredAt.toISOString(),
        signal: a.signal as ActivitySignal,
        detail: a.detail,
        podId: a.podId,
      })),
      ...audits.map((e) => ({
        type: 'audit' as const,
        at: e.occurredAt.toISOString(),
        ...toAuditView(e, names),
      })),
    ];
    return entries.sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
  }

  /** Data older than two collection intervals is stale (DESIGN §2, Prune). */
  get staleAfterSeconds(): number {
    return 2 * this.config.statsIntervalSeconds;
  }

  view(
    instance: InstanceWithSnapshot,
    extras: Pick<Parameters<typeof toInstanceSnapshot>[2], 'serverless' | 'agents' | 'agent'> = {},
  ): InstanceSnapshot {
    return toInstanceSnapshot(instance, instance.snapshot, {
      now: this.clock.now(),
      staleAfterSeconds: this.staleAfterSeconds,
      ...extras,
    });
  }
}

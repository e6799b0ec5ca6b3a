/**
 * Orphans: pods named like an instance (or its create spec) but not bound to it. Reported once a
 * day; terminated only with `onOrphan: terminate`.
 */
import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { errorMessage } from '../common/errors.js';
import type { PruneRun } from '../generated/prisma/client.js';
import type { InstanceWithSnapshot } from '../instances/instances.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { RunpodGateway } from '../runpod/runpod.gateway.js';
import { PruneRuns } from './prune-runs.js';

const RUNNING = ['PROVISIONING', 'STARTING', 'RUNNING'] as const;
/** Orphans are reported again at most this often. */
const ORPHAN_REPORT_MS = 24 * 3_600_000;

@Injectable()
export class Orphans {
  constructor(
    private readonly prisma: PrismaService,
    private readonly gateway: RunpodGateway,
    private readonly metrics: MetricsService,
    private readonly runs: PruneRuns,
    private readonly clock: Clock,
  ) {}

  /** Pods named like an instance but not bound to it: reported, terminated only with onOrphan: terminate. */
  async report(run: PruneRun, instances: InstanceWithSnapshot[]): Promise<number> {
    const byName = new Map<string, InstanceWithSnapshot>();
    for (const instance of instances) {
      if (instance.type !== 'pod') continue;
      byName.set(instance.name, instance);
      const specName = (instance.createSpec as { name?: string } | null)?.name;
      if (specName) byName.set(specName, instance);
    }
    const bound = new Set(instances.map((i) => i.podId).filter((id): id is string => id !== null));
    const candidates = await this.prisma.pod.findMany({
      where: {
        goneAt: null,
        name: { in: [...byName.keys()] },
        id: { notIn: [...bound] },
        status: { in: [...RUNNING, 'EXITED'] },
      },
    });
    let reported = 0;
    for (const pod of candidates) {
      const owner = byName.get(pod.name)!;
      const recent = await this.prisma.auditEvent.findFirst({
        where: {
          podId: pod.id,
          kind: 'orphan',
          occurredAt: { gte: new Date(this.clock.now().getTime() - ORPHAN_REPORT_MS) },
        },
      });
      if (owner.onOrphan === 'terminate') {
        try {
          await this.gateway.podAction(pod.id, 'terminate');
          this.metrics.pruneAction('terminate-orphan', 'ok');
          await this.runs.audit(run, {
            instanceId: owner.id,
            podId: pod.id,
            kind: 'orphan',
            outcome: 'ok',
            reason: `orphan pod ${pod.id} named "${pod.name}" terminated (onOrphan: terminate)`,
            detail: { action: 'terminate' },
          });
        } catch (error) {
          this.metrics.pruneAction('terminate-orphan', 'failed');
          await this.runs.audit(run, {
            instanceId: owner.id,
            podId: pod.id,
            kind: 'orphan',
            outcome: 'failed',
            reason: `terminating orphan pod ${pod.id} failed: ${errorMessage(error)}`,
          });
        }
        reported += 1;
      } else if (!recent) {
        await this.runs.audit(run, {
          instanceId: owner.id,
          podId: pod.id,
          kind: 'orphan',
          outcome: 'skipped',
          reason: `pod ${pod.id} is named "${pod.name}" like instance ${owner.name} but is not bound to it ($${pod.costPerHr}/h); left alone (onOrphan: report)`,
        });
        reported += 1;
      }
    }
    return reported;
  }
}

import { Injectable } from '@nestjs/common';
import type { PodAction } from '@podwatch/runpod-client';
import { ActivityService } from '../activity/activity.service.js';
import { Clock } from '../common/clock.js';
import { ProblemException, problemTitle } from '../common/problem.js';
import type { CreateSpec } from '../config/podwatch-config.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { SnapshotStore } from '../snapshots/snapshot-store.js';
import { RunpodGateway } from '../runpod/runpod.gateway.js';
import type { InstanceWithSnapshot } from './instances.service.js';
import { errorMessage } from '../common/errors.js';

export type EnsureOutcome = 'already-running' | 'resumed' | 'created';

function conflict(detail: string): ProblemException {
  return new ProblemException({ type: 'about:blank', title: problemTitle(409), status: 409, detail });
}

/** Start (ensure), stop and terminate an instance's pod by hand, each audited. */
@Injectable()
export class InstanceActionsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly gateway: RunpodGateway,
    private readonly activity: ActivityService,
    private readonly clock: Clock,
    private readonly snapshots: SnapshotStore,
  ) {}

  /**
   * Makes sure the instance's pod runs: resumes it if stopped, creates it from the instance's spec
   * if it is missing, and records a `start` activity so the countdown begins afresh.
   */
  async ensure(
    instance: InstanceWithSnapshot,
    actor: string,
  ): Promise<{ outcome: EnsureOutcome; podId: string }> {
    if (instance.type !== 'pod')
      throw conflict(`"${instance.name}" is a serverless instance; it has no pod to start.`);
    let outcome: EnsureOutcome;
    let podId = instance.podId;
    const pod = podId ? await this.gateway.getPod(podId) : null;
    if (pod && pod.status !== 'TERMINATED') {
      if (pod.status === 'EXITED' || pod.status === 'ERROR') {
        await this.gateway.podAction(pod.id, 'start');
        outcome = 'resumed';
      } else {
        outcome = 'already-running';
      }
    } else {
      const spec = instance.createSpec as CreateSpec | null;
      if (!spec) {
        throw conflict(
          podId
            ? `The pod ${podId} of "${instance.name}" no longer exists and the instance has no create spec to make a new one.`
            : `"${instance.name}" has no pod and no create spec: set podId or create in podwatch.yaml.`,
        );
      }
      const created = await this.gateway.createPod(instance.name, spec);
      podId = created.pod.id;
      await this.prisma.instance.update({ where: { id: instance.id }, data: { podId } });
      // Read it back now that it is bound, so the instance's live view shows it at once.
      await this.gateway.getPod(podId);
      outcome = 'created';
    }
    const now = this.clock.now();
    await this.snapshots.started(instance.id, podId);
    await this.activity.record({
      instanceId: instance.id,
      podId,
      signal: 'start',
      at: now,
      detail: `${outcome} by ${actor}`,
    });
    await this.audit(instance, podId!, 'start', 'ok', `ensure: ${outcome}`, actor);
    return { outcome, podId: podId! };
  }

  /** Sends stop or terminate to the instance's pod now, whatever its countdown. */
  async act(instance: InstanceWithSnapshot, action: Extract<PodAction, 'stop' | 'terminate'>, actor: string) {
    if (instance.type !== 'pod' || !instance.podId) {
      throw conflict(`"${instance.name}" has no pod to ${action}.`);
    }
    try {
      const pod = await this.gateway.podAction(instance.podId, action);
      await this.audit(instance, instance.podId, action, 'ok', `${action} requested by ${actor}`, actor, {
        status: pod?.status ?? 'gone',
      });
      return pod;
    } catch (error) {
      await this.audit(instance, instance.podId, action, 'failed', errorMessage(error), actor);
      throw error;
    }
  }

  private async audit(
    instance: InstanceWithSnapshot,
    podId: string,
    action: string,
    outcome: 'ok' | 'failed',
    reason: string,
    actor: string,
    detail: Record<string, string> = {},
  ) {
    await this.prisma.auditEvent.create({
      data: {
        occurredAt: this.clock.now(),
        instanceId: instance.id,
        podId,
        kind: 'action',
        outcome,
        reason,
        actor,
        detail: { action, ...detail },
      },
    });
  }
}

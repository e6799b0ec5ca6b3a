/**
 * Pre-kill warnings (DESIGN §2): once per countdown, `warnBefore` ahead of the idle kill moment
 * (none with `warnBefore: 0`).
 * Raised at the start of each prune tick, before any decision, so that the warning guarantee
 * (`warnedKillAt` in shared) holds back a stop until the warning has been up for `warnBefore`.
 */
import { Injectable } from '@nestjs/common';
import { formatCountdown, isPodRunning, killAt, type PodView } from '@podwatch/shared';
import { AlertsService } from '../alerts/alerts.service.js';
import { Clock } from '../common/clock.js';
import type { PruneRun } from '../generated/prisma/client.js';
import { countdownBase } from '../instances/instance-view.js';
import { InstancesService, type InstanceWithSnapshot } from '../instances/instances.service.js';
import { SnapshotStore } from '../snapshots/snapshot-store.js';
import { PruneRuns } from './prune-runs.js';

@Injectable()
export class PreKillWarnings {
  constructor(
    private readonly instances: InstancesService,
    private readonly snapshots: SnapshotStore,
    private readonly alerts: AlertsService,
    private readonly runs: PruneRuns,
    private readonly clock: Clock,
  ) {}

  /** Raises the warnings that are due; updates the loaded snapshots so this tick's decisions see them. */
  async raise(run: PruneRun, instances: InstanceWithSnapshot[], busy: Set<string>): Promise<number> {
    const now = this.clock.now();
    let raised = 0;
    for (const instance of instances) {
      const snapshot = instance.snapshot;
      if (instance.protect || !snapshot || instance.type !== 'pod' || busy.has(instance.id)) continue;
      if (instance.warnBeforeSeconds <= 0) continue;
      const pod = snapshot.pod as PodView | null;
      if (!pod || pod.gone || !isPodRunning(pod.status)) continue;
      const view = this.instances.view(instance);
      if (view.stale) continue;
      const idleKill = killAt(
        snapshot.lastRunAt,
        instance.inactivitySeconds,
        countdownBase(instance, pod.startedAt),
      );
      if (!idleKill || idleKill.getTime() - instance.warnBeforeSeconds * 1000 > now.getTime()) continue;
      if (snapshot.warnedKillAt?.getTime() === idleKill.getTime()) continue;

      await this.snapshots.warned(instance.id, idleKill, now);
      snapshot.warnedKillAt = idleKill;
      snapshot.warnedAt = now;
      const stopAt = this.instances.view(instance).killAt ?? idleKill.toISOString();
      const left = Math.max(0, Math.ceil((Date.parse(stopAt) - now.getTime()) / 1000));
      const reason = `${instance.name} will be ${instance.onIdle === 'terminate' ? 'terminated' : 'stopped'} in ${formatCountdown(left)} (at ${stopAt}) unless it becomes active`;
      await this.runs.audit(run, {
        instanceId: instance.id,
        podId: instance.podId,
        kind: 'warning',
        outcome: 'ok',
        reason,
        detail: { killAt: stopAt, timeUntilKill: left },
      });
      await this.alerts.fire({
        rule: 'pre-kill-warning',
        subject: `${instance.name}@${idleKill.toISOString()}`,
        severity: 'warning',
        message: reason,
        value: left,
        data: { instance: instance.name, killAt: stopAt },
      });
      raised += 1;
    }
    return raised;
  }
}

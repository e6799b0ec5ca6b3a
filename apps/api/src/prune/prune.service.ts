/**
 * Prune (DESIGN §2), one level-triggered tick: raise the pre-kill warnings that are due, judge
 * each instance on its own current data (`decide`), then let the reconciler act on the due ones
 * and advance every open stop intent. Fails closed on stale data; every step is audited; a tick
 * never waits for RunPod to carry an action out, so one stuck pod holds back no other.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PruneDecision, PruneRunView } from '@podwatch/shared';
import { Clock } from '../common/clock.js';
import { errorMessage } from '../common/errors.js';
import { JobLock } from '../common/job-lock.js';
import { PODWATCH_CONFIG } from '../config/podwatch-config.module.js';
import type { PodwatchConfig } from '../config/podwatch-config.js';
import type { PruneRun } from '../generated/prisma/client.js';
import {
  instanceNotFound,
  InstancesService,
  type InstanceWithSnapshot,
} from '../instances/instances.service.js';
import { SnapshotStore } from '../snapshots/snapshot-store.js';
import { Orphans } from './orphans.js';
import { PreKillWarnings } from './pre-kill-warnings.js';
import { decide } from './prune-policy.js';
import { emptySummary, PruneRuns, type PruneTrigger } from './prune-runs.js';
import { type DueItem, StopReconciler } from './stop-reconciler.js';
import { ServerlessPrune } from './serverless-prune.js';

export type { PruneTrigger } from './prune-runs.js';

export interface PruneOptions {
  trigger: PruneTrigger;
  dryRun: boolean;
  /** Only this instance. */
  instance?: string;
}

/** The cluster-wide lock every prune run holds, scheduled or asked for. */
export const PRUNE_LOCK = 'prune';

/** Decisions worth an audit row when they block at zero; audited when they change, not every tick. */
const AUDITED_WHEN_CHANGED: ReadonlySet<PruneDecision['code']> = new Set(['stale', 'protected', 'disabled']);

@Injectable()
export class PruneService {
  private readonly logger = new Logger(PruneService.name);

  constructor(
    private readonly instances: InstancesService,
    private readonly snapshots: SnapshotStore,
    private readonly runs: PruneRuns,
    private readonly warnings: PreKillWarnings,
    private readonly reconciler: StopReconciler,
    private readonly serverless: ServerlessPrune,
    private readonly orphans: Orphans,
    private readonly clock: Clock,
    private readonly lock: JobLock,
    @Inject(PODWATCH_CONFIG) private readonly podwatch: PodwatchConfig,
  ) {}

  /** Runs under the cluster-wide prune lock; `ran: false` when another run holds it. */
  lockedRun(options: PruneOptions) {
    return this.lock.run(PRUNE_LOCK, () => this.run(options));
  }

  /** One prune tick; the caller holds the prune lock. */
  async run(options: PruneOptions): Promise<PruneRunView> {
    let instances = await this.instances.findActive();
    if (options.instance !== undefined) {
      instances = instances.filter((i) => i.name === options.instance);
      if (instances.length === 0) throw instanceNotFound(options.instance);
    }
    const run = await this.runs.open(options);
    const summary = emptySummary();
    const decisions: PruneDecision[] = [];
    try {
      const intents = await this.reconciler.openIntents();
      if (!options.dryRun) {
        const busy = new Set(instances.filter((i) => i.snapshot?.busy).map((i) => i.id));
        summary.warnings = await this.warnings.raise(run, instances, busy);
      }
      const pods: DueItem[] = [];
      const endpoints: DueItem[] = [];
      for (const instance of instances) {
        const intent = intents.get(instance.id) ?? null;
        const view = this.instances.view(instance);
        const decision = decide({
          instance,
          view,
          busy: instance.snapshot?.busy ?? false,
          busyDetail: instance.snapshot?.lastActivityDetail ?? null,
          intent,
          disabled: options.trigger === 'schedule' && !this.podwatch.prune.enabled,
          dryRun: options.dryRun,
        });
        summary.instances += 1;
        decisions.push(decision);
        if (decision.action === 'none') {
          await this.auditIfChanged(run, instance, decision, summary);
          continue;
        }
        summary.due += 1;
        if (!intent) {
          await this.runs.audit(run, {
            instanceId: instance.id,
            podId: decision.podId,
            kind: 'decision',
            outcome: 'ok',
            reason: decision.reason,
            detail: { action: decision.action, code: decision.code, dryRun: options.dryRun },
          });
        }
        if (options.dryRun) continue;
        (instance.type === 'pod' ? pods : endpoints).push({ instance, decision, intent });
      }
      await this.reconciler.reconcile(run, pods, summary);
      await this.serverless.reconcile(run, endpoints, summary);
      if (!options.dryRun) summary.orphans = await this.orphans.report(run, instances);
    } catch (error) {
      this.logger.error(`Prune run ${run.id} failed: ${errorMessage(error)}`);
      await this.runs.finish(run, 'failed', summary, decisions);
      throw error;
    }
    const failed = decisions.some((d) => d.result === 'failed' || d.result === 'confirmation-failed');
    await this.runs.finish(run, failed ? 'failed' : 'succeeded', summary, decisions);
    return this.runs.view(run.id);
  }

  /** A decision that blocks an instance is audited once when it starts, not on every tick. */
  private async auditIfChanged(
    run: PruneRun,
    instance: InstanceWithSnapshot,
    decision: PruneDecision,
    summary: { skipped: number },
  ): Promise<void> {
    const code = AUDITED_WHEN_CHANGED.has(decision.code) ? decision.code : null;
    const previous = instance.snapshot?.lastDecision ?? null;
    if (code === previous || run.dryRun) return;
    if (!instance.snapshot) return;
    await this.snapshots.decisionAudited(instance.id, code);
    if (code === null) return;
    summary.skipped += 1;
    await this.runs.audit(run, {
      instanceId: instance.id,
      podId: decision.podId,
      kind: 'decision',
      outcome: 'skipped',
      reason: decision.reason,
      detail: { code: decision.code },
    });
  }

  view(id: string): Promise<PruneRunView> {
    return this.runs.view(id);
  }

  forgetNoopRuns(ageMs: number): Promise<number> {
    return this.runs.forgetNoopRuns(ageMs);
  }

  list(options: { limit: number; actionsOnly: boolean }): Promise<PruneRunView[]> {
    return this.runs.list(options);
  }
}

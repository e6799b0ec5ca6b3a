/**
 * Prune (DESIGN §2): stop or terminate idle instances whose countdown reached zero, prove that
 * billing stopped, and only then flush their live stats. Fails closed on stale data; every step
 * is audited; a run cut short is finished by the next one without acting twice.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  formatCountdown,
  type PodStatus,
  type PruneAction,
  type PruneDecision,
  type PruneRunSummary,
  type PruneRunView,
} from '@podwatch/shared';
import type { RunpodPod } from '@podwatch/runpod-client';
import { ActivityService } from '../activity/activity.service.js';
import { AlertsService } from '../alerts/alerts.service.js';
import { toAuditView } from '../audit/audit-view.js';
import { Clock } from '../common/clock.js';
import { JobLock } from '../common/job-lock.js';
import { ProblemException, problemTitle } from '../common/problem.js';
import { PODWATCH_CONFIG } from '../config/podwatch-config.module.js';
import type { PodwatchConfig } from '../config/podwatch-config.js';
import { Prisma, type PruneRun } from '../generated/prisma/client.js';
import {
  instanceNotFound,
  InstancesService,
  type InstanceWithSnapshot,
} from '../instances/instances.service.js';
import { toPodView } from '../pods/pod-view.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { asJson } from '../prisma/json.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { RunpodGateway } from '../runpod/runpod.gateway.js';
import { errorMessage } from '../common/errors.js';

export type PruneTrigger = PruneRunView['trigger'];

export interface PruneOptions {
  trigger: PruneTrigger;
  dryRun: boolean;
  /** Only this instance. */
  instance?: string;
}

type AuditInput = {
  instanceId: string | null;
  podId: string | null;
  kind: string;
  outcome: 'ok' | 'failed' | 'skipped';
  reason: string;
  detail?: Record<string, unknown>;
};

/** The cluster-wide lock every prune run holds, scheduled or asked for. */
export const PRUNE_LOCK = 'prune';

const RUNNING: readonly PodStatus[] = ['PROVISIONING', 'STARTING', 'RUNNING'];
const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 5_000;
/** Orphans are reported again at most this often. */
const ORPHAN_REPORT_MS = 24 * 3_600_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function emptySummary(): PruneRunSummary {
  return {
    instances: 0,
    due: 0,
    stopped: 0,
    terminated: 0,
    scaledToZero: 0,
    flushed: 0,
    confirmationFailures: 0,
    skipped: 0,
    warnings: 0,
    orphans: 0,
  };
}

@Injectable()
export class PruneService {
  private readonly logger = new Logger(PruneService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly instances: InstancesService,
    private readonly gateway: RunpodGateway,
    private readonly activity: ActivityService,
    private readonly alerts: AlertsService,
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
    private readonly lock: JobLock,
    @Inject(PODWATCH_CONFIG) private readonly podwatch: PodwatchConfig,
  ) {}

  /** Runs under the cluster-wide prune lock; `ran: false` when another run holds it. */
  lockedRun(options: PruneOptions) {
    return this.lock.run(PRUNE_LOCK, () => this.run(options));
  }

  /** Runs a prune pass; the caller holds the prune lock. */
  async run(options: PruneOptions): Promise<PruneRunView> {
    let instances = await this.instances.findActive();
    if (options.instance !== undefined) {
      instances = instances.filter((i) => i.name === options.instance);
      if (instances.length === 0) throw instanceNotFound(options.instance);
    }
    // The caller holds the lock: a run still marked running was cut short (crash, restart).
    await this.prisma.pruneRun.updateMany({
      where: { status: 'running' },
      data: { status: 'interrupted', finishedAt: this.clock.now() },
    });

    const run = await this.prisma.pruneRun.create({
      data: {
        trigger: options.trigger,
        dryRun: options.dryRun,
        instanceFilter: options.instance ?? null,
        startedAt: this.clock.now(),
      },
    });
    const summary = emptySummary();
    const decisions: PruneDecision[] = [];
    let failed = false;
    try {
      for (const instance of instances) {
        const decision = await this.decide(instance, options);
        summary.instances += 1;
        if (decision.action !== 'none') {
          summary.due += 1;
          await this.audit(run, {
            instanceId: instance.id,
            podId: decision.podId,
            kind: 'decision',
            outcome: 'ok',
            reason: decision.reason,
            detail: { action: decision.action, code: decision.code, dryRun: options.dryRun },
          });
          if (!options.dryRun) {
            await this.execute(run, instance, decision, summary);
            if (decision.result === 'failed' || decision.result === 'confirmation-failed') failed = true;
          }
        } else if (
          decision.code === 'stale' ||
          (decision.code === 'protected' && decision.timeUntilKill === 0)
        ) {
          // Blocked at zero: say why nothing happened.
          summary.skipped += 1;
          await this.audit(run, {
            instanceId: instance.id,
            podId: decision.podId,
            kind: 'decision',
            outcome: 'skipped',
            reason: decision.reason,
            detail: { code: decision.code },
          });
        }
        decisions.push(decision);
      }
      if (!options.dryRun) {
        summary.warnings = await this.warn(run, instances);
        summary.orphans = await this.orphans(run, instances);
      }
    } catch (error) {
      this.logger.error(`Prune run ${run.id} failed: ${errorMessage(error)}`);
      await this.finish(run, 'failed', summary, decisions);
      throw error;
    }
    await this.finish(run, failed ? 'failed' : 'succeeded', summary, decisions);
    return this.view(run.id);
  }

  /** Decides for one instance, from the database only (no RunPod call). */
  private async decide(instance: InstanceWithSnapshot, options: PruneOptions): Promise<PruneDecision> {
    const now = this.clock.now();
    const view = this.instances.view(instance);
    const base = {
      instance: instance.name,
      podId: instance.podId,
      killAt: view.killAt,
      timeUntilKill: view.timeUntilKill,
      result: (options.dryRun ? 'planned' : 'none') as PruneDecision['result'],
    };
    const none = (code: PruneDecision['code'], reason: string): PruneDecision => ({
      ...base,
      action: 'none',
      code,
      reason,
      result: 'none',
    });
    const act = (code: PruneDecision['code'], reason: string): PruneDecision => ({
      ...base,
      action: this.actionFor(instance),
      code,
      reason,
    });

    if (options.trigger === 'schedule' && !this.podwatch.prune.enabled)
      return none('disabled', 'prune.enabled is false in podwatch.yaml');
    if (instance.protect) return none('protected', 'protect: true — shown, never pruned');
    if (instance.type === 'pod' && !instance.podId) return none('no-pod', 'the instance has no pod');

    const inFlight = await this.inFlightCall(instance);
    if (inFlight) {
      return act(
        'resume',
        `an earlier run sent ${inFlight.action} at ${inFlight.at.toISOString()}; confirming it instead of sending it again`,
      );
    }
    if (view.stale) {
      return none(
        'stale',
        `stale: ${view.staleReason ?? 'no successful collection within two intervals'} — no action on old data`,
      );
    }
    if (!view.collectedAt) return none('stale', 'stale: never collected yet — no action without data');

    const snapshot = instance.snapshot;
    if (instance.type === 'pod') {
      const status = view.pod?.status ?? null;
      const running = status !== null && RUNNING.includes(status) && !view.pod?.gone;
      if (!running) {
        if (snapshot?.flushedAt)
          return none('flushed', `stopped and flushed at ${snapshot.flushedAt.toISOString()}`);
        return act(
          'already-stopped',
          `the pod is ${view.pod?.gone ? 'gone' : (status ?? 'unknown')}; confirming and flushing`,
        );
      }
    } else if (
      snapshot?.flushedAt &&
      (snapshot.lastRunAt === null || snapshot.lastRunAt <= snapshot.flushedAt)
    ) {
      return none('flushed', `confirmed idle and flushed at ${snapshot.flushedAt.toISOString()}`);
    }

    if (view.timeUntilKill === null) return none('counting', 'no activity or start time known yet');
    if (view.timeUntilKill > 0) {
      return none('counting', `${formatCountdown(view.timeUntilKill)} left (kill at ${view.killAt})`);
    }
    if (snapshot?.busy)
      return none('active', `active: ${snapshot.lastActivityDetail ?? 'activity in the latest collection'}`);
    const idleSince = snapshot?.lastRunAt ?? (view.pod?.startedAt ? new Date(view.pod.startedAt) : null);
    return act(
      'due',
      `idle since ${idleSince?.toISOString() ?? 'unknown'} (${Math.round((now.getTime() - (idleSince?.getTime() ?? now.getTime())) / 60_000)} min, window ${instance.inactivitySeconds}s)`,
    );
  }

  private actionFor(instance: InstanceWithSnapshot): PruneAction {
    switch (instance.onIdle) {
      case 'terminate':
        return 'terminate';
      case 'scaleToZero':
        return 'scaleToZero';
      case 'confirm':
        return 'confirm';
      default:
        return 'stop';
    }
  }

  /**
   * The stop/terminate/scale call of an earlier run that nothing has settled since: no confirmed
   * stop, no flush, no manual action and no new activity. The next run confirms it instead of
   * sending it again (a failed confirmation leaves it in flight).
   */
  private async inFlightCall(instance: InstanceWithSnapshot): Promise<{ action: string; at: Date } | null> {
    const call = await this.prisma.auditEvent.findFirst({
      where: { instanceId: instance.id, kind: 'runpod_call', outcome: 'ok' },
      orderBy: { id: 'desc' },
    });
    if (!call) return null;
    const settled = await this.prisma.auditEvent.findFirst({
      where: {
        instanceId: instance.id,
        id: { gt: call.id },
        OR: [{ kind: 'confirmation', outcome: 'ok' }, { kind: 'flush' }, { kind: 'action' }],
      },
    });
    const lastRunAt = instance.snapshot?.lastRunAt;
    if (settled || (lastRunAt && lastRunAt > call.occurredAt)) return null;
    return { action: String((call.detail as { action?: string }).action ?? 'stop'), at: call.occurredAt };
  }

  private async execute(
    run: PruneRun,
    instance: InstanceWithSnapshot,
    decision: PruneDecision,
    summary: PruneRunSummary,
  ) {
    if (instance.type === 'serverless') return this.executeServerless(run, instance, decision, summary);
    const podId = instance.podId!;
    const action = decision.action === 'terminate' ? 'terminate' : 'stop';

    if (decision.code === 'due') {
      // A last look right before acting: the pod may have become busy since the last collection.
      let fresh: RunpodPod | null;
      try {
        fresh = await this.gateway.getPod(podId);
      } catch (error) {
        return this.fail(
          run,
          instance,
          decision,
          summary,
          `RunPod could not be read before acting: ${errorMessage(error)}`,
        );
      }
      const busiest = Math.max(-1, ...(fresh?.runtime?.gpus ?? []).map((g) => g.utilPercent ?? -1));
      if (fresh && busiest >= instance.gpuUtilThreshold) {
        await this.activity.record({
          instanceId: instance.id,
          podId,
          signal: 'gpu',
          at: this.clock.now(),
          detail: `GPU at ${busiest}% just before prune`,
        });
        decision.code = 'active';
        decision.reason = `became active: a GPU at ${busiest}% just before acting`;
        decision.result = 'none';
        summary.skipped += 1;
        return this.audit(run, {
          instanceId: instance.id,
          podId,
          kind: 'decision',
          outcome: 'skipped',
          reason: decision.reason,
        });
      }
      if (fresh && RUNNING.includes(fresh.status as PodStatus)) {
        try {
          await this.gateway.podAction(podId, action);
          this.metrics.pruneAction(action, 'ok');
          await this.audit(run, {
            instanceId: instance.id,
            podId,
            kind: 'runpod_call',
            outcome: 'ok',
            reason: `${action} sent`,
            detail: { action },
          });
        } catch (error) {
          this.metrics.pruneAction(action, 'failed');
          await this.audit(run, {
            instanceId: instance.id,
            podId,
            kind: 'runpod_call',
            outcome: 'failed',
            reason: `${action} failed: ${errorMessage(error)}`,
            detail: { action },
          });
          decision.result = 'failed';
          decision.reason = `${action} failed: ${errorMessage(error)}`;
          return;
        }
      }
    }

    const confirmed = await this.confirmPodStopped(podId, action);
    if (!confirmed.ok) {
      summary.confirmationFailures += 1;
      this.metrics.pruneConfirmationFailure();
      decision.result = 'confirmation-failed';
      decision.reason = confirmed.reason;
      await this.audit(run, {
        instanceId: instance.id,
        podId,
        kind: 'confirmation',
        outcome: 'failed',
        reason: confirmed.reason,
      });
      await this.alerts.fire({
        rule: 'prune-confirmation',
        subject: instance.name,
        severity: 'critical',
        message: `${instance.name}: ${confirmed.reason}`,
        data: { podId, action },
      });
      return;
    }
    await this.audit(run, {
      instanceId: instance.id,
      podId,
      kind: 'confirmation',
      outcome: 'ok',
      reason: confirmed.reason,
    });
    await this.alerts.resolve('prune-confirmation', instance.name, `${instance.name}: ${confirmed.reason}`);
    if (decision.code === 'due' || decision.code === 'resume') {
      if (action === 'terminate') summary.terminated += 1;
      else summary.stopped += 1;
    }
    await this.flush(run, instance, summary);
    decision.result = 'flushed';
  }

  /** Re-polls with backoff until the pod is EXITED/TERMINATED/gone and costs nothing, or the timeout passes. */
  private async confirmPodStopped(
    podId: string,
    action: 'stop' | 'terminate',
  ): Promise<{ ok: boolean; reason: string }> {
    const timeoutMs = this.podwatch.prune.confirmTimeout * 1000;
    const started = performance.now();
    let delay = FIRST_POLL_MS;
    let last: string;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const pod = await this.gateway.getPod(podId);
        if (pod === null || pod.status === 'TERMINATED') {
          return {
            ok: true,
            reason: `pod ${podId} is gone (terminated); confirmed after ${attempt} poll(s)`,
          };
        }
        if (action === 'stop' && pod.status === 'EXITED' && (pod.costPerHr ?? 0) === 0) {
          return { ok: true, reason: `pod ${podId} is EXITED at $0/h; confirmed after ${attempt} poll(s)` };
        }
        last = `${pod.status} at $${pod.costPerHr ?? '?'}/h`;
      } catch (error) {
        last = `RunPod could not be read: ${errorMessage(error)}`;
      }
      const elapsed = performance.now() - started;
      if (elapsed >= timeoutMs) {
        return {
          ok: false,
          reason: `not confirmed within ${this.podwatch.prune.confirmTimeout}s: pod ${podId} still ${last}`,
        };
      }
      await sleep(Math.min(delay, timeoutMs - elapsed));
      delay = Math.min(delay * 2, MAX_POLL_MS);
    }
  }

  private async executeServerless(
    run: PruneRun,
    instance: InstanceWithSnapshot,
    decision: PruneDecision,
    summary: PruneRunSummary,
  ) {
    const endpointId = instance.endpointId!;
    if (decision.action === 'scaleToZero' && decision.code === 'due') {
      try {
        await this.gateway.setEndpointMinWorkers(endpointId, 0);
        this.metrics.pruneAction('scaleToZero', 'ok');
        summary.scaledToZero += 1;
        await this.audit(run, {
          instanceId: instance.id,
          podId: null,
          kind: 'runpod_call',
          outcome: 'ok',
          reason: `workers.min set to 0 on endpoint ${endpointId}`,
          detail: { action: 'scaleToZero', endpointId },
        });
      } catch (error) {
        this.metrics.pruneAction('scaleToZero', 'failed');
        return this.fail(
          run,
          instance,
          decision,
          summary,
          `scaling ${endpointId} to zero failed: ${errorMessage(error)}`,
          'runpod_call',
        );
      }
    }
    let workers;
    try {
      workers = (await this.gateway.endpointWorkers(endpointId)).summary;
    } catch (error) {
      return this.fail(
        run,
        instance,
        decision,
        summary,
        `workers of ${endpointId} could not be read: ${errorMessage(error)}`,
        'confirmation',
      );
    }
    if (workers.running > 0 || workers.initializing > 0) {
      const reason = `${workers.running} running and ${workers.initializing} initializing worker(s) on ${endpointId}: flush skipped until they are 0`;
      decision.result = 'flush-skipped';
      decision.reason = reason;
      summary.skipped += 1;
      return this.audit(run, {
        instanceId: instance.id,
        podId: null,
        kind: 'confirmation',
        outcome: 'skipped',
        reason,
        detail: { ...workers },
      });
    }
    await this.audit(run, {
      instanceId: instance.id,
      podId: null,
      kind: 'confirmation',
      outcome: 'ok',
      reason: `no running or initializing workers on ${endpointId}`,
      detail: { ...workers },
    });
    await this.flush(run, instance, summary);
    decision.result = 'flushed';
  }

  /** Clears the live stats (telemetry, countdown); history stays. */
  private async flush(
    run: PruneRun,
    instance: InstanceWithSnapshot,
    summary: PruneRunSummary,
  ): Promise<void> {
    const now = this.clock.now();
    const pod = instance.podId ? await this.prisma.pod.findUnique({ where: { id: instance.podId } }) : null;
    await this.prisma.podSnapshot.update({
      where: { instanceId: instance.id },
      data: {
        telemetry: Prisma.DbNull,
        pod: pod ? asJson(toPodView(pod, instance.name)) : Prisma.DbNull,
        busy: false,
        killAt: null,
        state: 'stopped',
        flushedAt: now,
      },
    });
    summary.flushed += 1;
    await this.audit(run, {
      instanceId: instance.id,
      podId: instance.podId,
      kind: 'flush',
      outcome: 'ok',
      reason: 'live stats cleared after confirmation; history kept',
    });
  }

  private async fail(
    run: PruneRun,
    instance: InstanceWithSnapshot,
    decision: PruneDecision,
    summary: PruneRunSummary,
    reason: string,
    kind = 'decision',
  ): Promise<void> {
    decision.result = 'failed';
    decision.reason = reason;
    summary.skipped += 1;
    await this.audit(run, {
      instanceId: instance.id,
      podId: instance.podId,
      kind,
      outcome: 'failed',
      reason,
    });
  }

  /** A warning once per countdown, `warnBefore` ahead of the kill. */
  private async warn(run: PruneRun, instances: InstanceWithSnapshot[]): Promise<number> {
    let sent = 0;
    for (const instance of instances) {
      const snapshot = instance.snapshot;
      if (instance.protect || !snapshot || instance.type !== 'pod') continue;
      const view = this.instances.view(instance);
      if (view.stale || view.state !== 'counting' || view.timeUntilKill === null || view.killAt === null)
        continue;
      if (view.timeUntilKill > instance.warnBeforeSeconds) continue;
      if (snapshot.warnedKillAt && snapshot.warnedKillAt.toISOString() === view.killAt) continue;
      const reason = `${instance.name} will be ${instance.onIdle === 'terminate' ? 'terminated' : 'stopped'} in ${formatCountdown(view.timeUntilKill)} (at ${view.killAt}) unless it becomes active`;
      await this.prisma.podSnapshot.update({
        where: { instanceId: instance.id },
        data: { warnedKillAt: new Date(view.killAt) },
      });
      await this.audit(run, {
        instanceId: instance.id,
        podId: instance.podId,
        kind: 'warning',
        outcome: 'ok',
        reason,
        detail: { killAt: view.killAt, timeUntilKill: view.timeUntilKill },
      });
      await this.alerts.fire({
        rule: 'pre-kill-warning',
        subject: `${instance.name}@${view.killAt}`,
        severity: 'warning',
        message: reason,
        value: view.timeUntilKill,
        data: { instance: instance.name, killAt: view.killAt },
      });
      sent += 1;
    }
    return sent;
  }

  /** Pods named like an instance but not bound to it: reported, terminated only with onOrphan: terminate. */
  private async orphans(run: PruneRun, instances: InstanceWithSnapshot[]): Promise<number> {
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
          await this.audit(run, {
            instanceId: owner.id,
            podId: pod.id,
            kind: 'orphan',
            outcome: 'ok',
            reason: `orphan pod ${pod.id} named "${pod.name}" terminated (onOrphan: terminate)`,
            detail: { action: 'terminate' },
          });
        } catch (error) {
          this.metrics.pruneAction('terminate-orphan', 'failed');
          await this.audit(run, {
            instanceId: owner.id,
            podId: pod.id,
            kind: 'orphan',
            outcome: 'failed',
            reason: `terminating orphan pod ${pod.id} failed: ${errorMessage(error)}`,
          });
        }
        reported += 1;
      } else if (!recent) {
        await this.audit(run, {
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

  private async audit(run: PruneRun, input: AuditInput): Promise<void> {
    await this.prisma.auditEvent.create({
      data: {
        occurredAt: this.clock.now(),
        pruneRunId: run.id,
        instanceId: input.instanceId,
        podId: input.podId,
        kind: input.kind,
        outcome: input.outcome,
        reason: input.reason,
        actor: run.trigger === 'schedule' ? 'system' : run.trigger,
        detail: asJson(input.detail ?? {}),
      },
    });
  }

  private async finish(run: PruneRun, status: string, summary: PruneRunSummary, decisions: PruneDecision[]) {
    await this.prisma.pruneRun.update({
      where: { id: run.id },
      data: { status, finishedAt: this.clock.now(), summary: asJson({ ...summary, decisions }) },
    });
  }

  async view(id: string): Promise<PruneRunView> {
    const run = await this.prisma.pruneRun.findUnique({
      where: { id },
      include: { audits: { orderBy: { id: 'asc' } } },
    });
    if (!run) {
      throw new ProblemException({
        type: 'about:blank',
        title: problemTitle(404),
        status: 404,
        detail: `No prune run with id "${id}".`,
      });
    }
    const names = new Map(
      (await this.prisma.instance.findMany({ select: { id: true, name: true } })).map((i) => [i.id, i.name]),
    );
    return { ...toRunView(run), steps: run.audits.map((event) => toAuditView(event, names)) };
  }

  /** Deletes finished runs older than `ageMs` that audited nothing (every decision was "no action"). */
  async forgetNoopRuns(ageMs: number): Promise<number> {
    const { count } = await this.prisma.pruneRun.deleteMany({
      where: { finishedAt: { lt: new Date(this.clock.now().getTime() - ageMs) }, audits: { none: {} } },
    });
    return count;
  }

  /** Newest first; `steps` left empty (GET /prune-runs/:id has them). */
  async list(options: { limit: number; actionsOnly: boolean }): Promise<PruneRunView[]> {
    const runs = await this.prisma.pruneRun.findMany({
      where: options.actionsOnly ? { audits: { some: {} } } : {},
      orderBy: { startedAt: 'desc' },
      take: options.limit,
    });
    return runs.map(toRunView);
  }
}

function toRunView(run: PruneRun): PruneRunView {
  const { decisions = [], ...summary } = run.summary as unknown as PruneRunSummary & {
    decisions?: PruneDecision[];
  };
  return {
    id: run.id,
    trigger: run.trigger as PruneTrigger,
    dryRun: run.dryRun,
    instanceFilter: run.instanceFilter,
    status: run.status as PruneRunView['status'],
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    summary: { ...emptySummary(), ...summary },
    decisions,
    steps: [],
  };
}

/**
 * The acting half of prune (DESIGN §2): a due pod gets a durable stop intent, and every tick
 * advances every open intent by observing RunPod — `requested → sent → confirming → confirmed`,
 * `failed` past `confirmTimeout` (alerted, still reconciled), `cancelled` when activity came back.
 * Nothing here waits for RunPod to change: one observation serves the tick (the latest collection
 * when it is fresh, else one pod list), actions go out concurrently, and confirmation happens on a
 * later tick. One pod's trouble delays no other.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { isPodRunning, isPodStatus, type PruneDecision, type PruneRunSummary } from '@podwatch/shared';
import type { RunpodPod } from '@podwatch/runpod-client';
import pLimit from 'p-limit';
import { ActivityService } from '../activity/activity.service.js';
import { AlertsService } from '../alerts/alerts.service.js';
import { Clock } from '../common/clock.js';
import { errorMessage } from '../common/errors.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/env.js';
import { PODWATCH_CONFIG } from '../config/podwatch-config.module.js';
import type { PodwatchConfig } from '../config/podwatch-config.js';
import type { PruneRun, StopIntent } from '../generated/prisma/client.js';
import type { InstanceWithSnapshot } from '../instances/instances.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { toPodView } from '../pods/pod-view.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { RunpodGateway } from '../runpod/runpod.gateway.js';
import { SnapshotStore } from '../snapshots/snapshot-store.js';
import { judgePod } from '../telemetry/sample.js';
import { PruneRuns } from './prune-runs.js';

/** Intents still being reconciled. */
export const OPEN_INTENT_STATES = ['requested', 'sent', 'confirming', 'failed'] as const;
/** Actions sent to RunPod at once. */
const SEND_CONCURRENCY = 8;

export interface DueItem {
  instance: InstanceWithSnapshot;
  decision: PruneDecision;
  intent: StopIntent | null;
}

/** What RunPod shows of a pod at one observation. */
interface PodState {
  status: string;
  costPerHr: number;
  gone: boolean;
  /** Present when read from RunPod this tick: the last look judges it with the shared busy rule. */
  pod: RunpodPod | null;
}

type Observation =
  { ok: true; at: Date; pods: Map<string, PodState>; fresh: boolean } | { ok: false; error: string };

@Injectable()
export class StopReconciler {
  private readonly logger = new Logger(StopReconciler.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly gateway: RunpodGateway,
    private readonly snapshots: SnapshotStore,
    private readonly activity: ActivityService,
    private readonly alerts: AlertsService,
    private readonly metrics: MetricsService,
    private readonly runs: PruneRuns,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PODWATCH_CONFIG) private readonly podwatch: PodwatchConfig,
  ) {}

  /** Open intents by instance id. */
  async openIntents(): Promise<Map<string, StopIntent>> {
    const rows = await this.prisma.stopIntent.findMany({
      where: { state: { in: [...OPEN_INTENT_STATES] } },
      orderBy: { createdAt: 'asc' },
    });
    return new Map(rows.map((row) => [row.instanceId, row]));
  }

  /**
   * One tick for the pod instances that prune decided to act on: the last look and a new intent
   * for due ones, and every open intent advanced.
   */
  async reconcile(run: PruneRun, items: DueItem[], summary: PruneRunSummary): Promise<void> {
    if (items.length === 0) return;
    const observation = await this.observe(items);
    const sends: (() => Promise<void>)[] = [];
    for (const item of items) {
      const send = await this.advance(run, item, observation, summary).catch((error: unknown) => {
        item.decision.result = 'failed';
        item.decision.reason = `reconciling failed: ${errorMessage(error)}`;
        this.logger.error(`${item.instance.name}: ${item.decision.reason}`);
        return null;
      });
      if (send) sends.push(send);
    }
    const limit = pLimit(SEND_CONCURRENCY);
    await Promise.all(sends.map((send) => limit(send)));
  }

  /**
   * What RunPod shows now, in O(1) requests: the latest collection when it is younger than one
   * interval and newer than every intent's last send, else one pod list (recorded on the way).
   */
  private async observe(items: DueItem[]): Promise<Observation> {
    const now = this.clock.now();
    const latest = await this.prisma.collectionCycle.findFirst({
      where: { ok: true, observedAt: { not: null } },
      orderBy: { observedAt: 'desc' },
      select: { observedAt: true },
    });
    const observedAt = latest?.observedAt ?? null;
    const youngEnough =
      observedAt !== null && now.getTime() - observedAt.getTime() < this.config.statsIntervalSeconds * 1000;
    const afterSends = items.every(
      (item) => !item.intent?.sentAt || (observedAt !== null && observedAt > item.intent.sentAt),
    );
    if (youngEnough && afterSends) {
      const ids = items.flatMap((item) => (item.instance.podId ? [item.instance.podId] : []));
      const rows = await this.prisma.pod.findMany({ where: { id: { in: ids } } });
      const pods = new Map(
        rows.map((row) => [
          row.id,
          { status: row.status, costPerHr: row.costPerHr, gone: row.goneAt !== null, pod: null },
        ]),
      );
      return { ok: true, at: observedAt, pods, fresh: false };
    }
    try {
      const listed = await this.gateway.listPods();
      const pods = new Map<string, PodState>(
        listed.map((pod) => [
          pod.id,
          { status: pod.status, costPerHr: pod.costPerHr ?? 0, gone: pod.status === 'TERMINATED', pod },
        ]),
      );
      return { ok: true, at: this.clock.now(), pods, fresh: true };
    } catch (error) {
      return { ok: false, error: `RunPod could not be read: ${errorMessage(error)}` };
    }
  }

  /** Advances one item; returns the RunPod call to make, if one is due. */
  private async advance(
    run: PruneRun,
    item: DueItem,
    observation: Observation,
    summary: PruneRunSummary,
  ): Promise<(() => Promise<void>) | null> {
    const { instance, decision } = item;
    const podId = instance.podId!;
    const now = this.clock.now();
    if (!observation.ok) {
      decision.result = 'failed';
      decision.reason = `${observation.error}; trying again next tick`;
      summary.skipped += 1;
      await this.runs.audit(run, {
        instanceId: instance.id,
        podId,
        kind: 'decision',
        outcome: 'failed',
        reason: decision.reason,
      });
      return null;
    }
    // Absent from a full listing: RunPod no longer knows the pod.
    const state: PodState = observation.pods.get(podId) ?? {
      status: 'TERMINATED',
      costPerHr: 0,
      gone: true,
      pod: null,
    };

    let intent = item.intent;
    if (!intent) {
      if (
        decision.code === 'due' &&
        state.pod &&
        isPodRunning(isPodStatus(state.status) ? state.status : null)
      ) {
        const verdict = judgePod({ pod: state.pod, telemetry: null }, instance.gpuUtilThreshold, now);
        if (verdict.busy) {
          await this.activity.record({
            instanceId: instance.id,
            podId,
            signal: 'gpu',
            at: now,
            detail: `${verdict.reason} just before prune`,
          });
          decision.code = 'active';
          decision.reason = `became active just before acting: ${verdict.reason}`;
          decision.result = 'none';
          summary.skipped += 1;
          await this.runs.audit(run, {
            instanceId: instance.id,
            podId,
            kind: 'decision',
            outcome: 'skipped',
            reason: decision.reason,
          });
          return null;
        }
      }
      intent = await this.prisma.stopIntent.create({
        data: {
          instanceId: instance.id,
          podId,
          action: decision.action === 'terminate' ? 'terminate' : 'stop',
          state: 'requested',
          reason: decision.reason,
          createdAt: now,
          updatedAt: now,
          deadlineAt: new Date(now.getTime() + this.podwatch.prune.confirmTimeout * 1000),
        },
      });
    } else if (this.activityAfter(instance, intent) && isPodRunning(statusOf(state))) {
      await this.close(intent, 'cancelled', now);
      decision.code = 'active';
      decision.result = 'none';
      decision.reason = `${intent.action} cancelled: ${instance.snapshot?.lastActivitySignal ?? 'activity'} at ${instance.snapshot?.lastRunAt?.toISOString()}, after it was decided`;
      await this.runs.audit(run, {
        instanceId: instance.id,
        podId,
        kind: 'decision',
        outcome: 'skipped',
        reason: decision.reason,
      });
      await this.alerts.resolve('prune-confirmation', instance.name, decision.reason);
      await this.alerts.resolve('prune-action-failed', instance.name, decision.reason);
      return null;
    }

    const action = intent.action as 'stop' | 'terminate';
    const done =
      state.gone ||
      state.status === 'TERMINATED' ||
      (action === 'stop' && state.status === 'EXITED' && state.costPerHr === 0);
    const observedAfterSend = !intent.sentAt || observation.at > intent.sentAt;
    const seen = state.gone ? 'gone' : `${state.status} at $${state.costPerHr}/h`;
    if (done && (observedAfterSend || state.gone)) {
      await this.confirm(run, instance, intent, seen, summary);
      decision.result = 'flushed';
      return null;
    }

    if (now >= intent.deadlineAt && intent.state !== 'failed') {
      const reason = `not confirmed within ${this.podwatch.prune.confirmTimeout}s: pod ${podId} still ${seen}; reconciling goes on`;
      intent = await this.update(intent, { state: 'failed', observed: seen });
      summary.confirmationFailures += 1;
      this.metrics.pruneConfirmationFailure();
      await this.runs.audit(run, {
        instanceId: instance.id,
        podId,
        kind: 'confirmation',
        outcome: 'failed',
        reason,
      });
      await this.alerts.fire({
        rule: 'prune-confirmation',
        subject: instance.name,
        severity: 'critical',
        message: `${instance.name}: ${reason}`,
        data: { podId, action },
      });
    }

    const stillRunning = isPodRunning(statusOf(state));
    const sendDue = stillRunning && (!intent.nextSendAt || now >= intent.nextSendAt);
    if (!sendDue) {
      if (!stillRunning && intent.state === 'sent')
        intent = await this.update(intent, { state: 'confirming', observed: seen });
      else if (intent.observed !== seen) intent = await this.update(intent, { observed: seen });
      decision.result = intent.state === 'failed' ? 'confirmation-failed' : 'confirming';
      decision.reason = `${action} ${intent.sends > 0 ? 'sent' : 'requested'}; pod ${podId} is ${seen}`;
      return null;
    }
    decision.result = intent.state === 'failed' ? 'confirmation-failed' : 'sent';
    const open = intent;
    return () => this.send(run, instance, open, decision);
  }

  /** Sends the intent's action; a 2xx waits `resendAfter` (doubling, capped) before it is sent again. */
  private async send(
    run: PruneRun,
    instance: InstanceWithSnapshot,
    intent: StopIntent,
    decision: PruneDecision,
  ) {
    const podId = intent.podId!;
    const action = intent.action as 'stop' | 'terminate';
    const now = this.clock.now();
    const resend = intent.sends > 0;
    try {
      await this.gateway.podAction(podId, action);
      this.metrics.pruneAction(action, 'ok');
      const { resendAfter, resendMaxInterval } = this.podwatch.prune;
      const wait = Math.min(resendAfter * 2 ** intent.sends, Math.max(resendAfter, resendMaxInterval));
      await this.update(intent, {
        state: intent.state === 'failed' ? 'failed' : 'sent',
        sentAt: now,
        sends: intent.sends + 1,
        nextSendAt: new Date(now.getTime() + wait * 1000),
        lastError: null,
      });
      decision.reason = resend
        ? `${action} re-sent (send ${intent.sends + 1}): the pod still ran ${intent.observed ?? ''} after the last one`.trim()
        : `${action} sent; confirming on the next ticks`;
      await this.runs.audit(run, {
        instanceId: instance.id,
        podId,
        kind: 'runpod_call',
        outcome: 'ok',
        reason: decision.reason,
        detail: { action, resent: resend, sends: intent.sends + 1 },
      });
      await this.alerts.resolve('prune-action-failed', instance.name, `${action} accepted by RunPod`);
    } catch (error) {
      this.metrics.pruneAction(action, 'failed');
      const message = errorMessage(error);
      await this.update(intent, { lastError: message, nextSendAt: null });
      decision.result = 'failed';
      decision.reason = `${action} failed: ${message}; sent again next tick`;
      await this.runs.audit(run, {
        instanceId: instance.id,
        podId,
        kind: 'runpod_call',
        outcome: 'failed',
        reason: decision.reason,
        detail: { action, resent: resend },
      });
      await this.alerts.fire({
        rule: 'prune-action-failed',
        subject: instance.name,
        severity: 'critical',
        message: `${instance.name}: ${action} of pod ${podId} failed: ${message}`,
        data: { podId, action, error: message },
      });
    }
  }

  private async confirm(
    run: PruneRun,
    instance: InstanceWithSnapshot,
    intent: StopIntent,
    seen: string,
    summary: PruneRunSummary,
  ): Promise<void> {
    const now = this.clock.now();
    const podId = intent.podId!;
    const reason = `pod ${podId} is ${seen}: ${intent.action} confirmed`;
    await this.close(intent, 'confirmed', now, seen);
    await this.runs.audit(run, {
      instanceId: instance.id,
      podId,
      kind: 'confirmation',
      outcome: 'ok',
      reason,
    });
    await this.alerts.resolve('prune-confirmation', instance.name, `${instance.name}: ${reason}`);
    await this.alerts.resolve('prune-action-failed', instance.name, `${instance.name}: ${reason}`);
    if (intent.sends > 0) {
      if (intent.action === 'terminate') summary.terminated += 1;
      else summary.stopped += 1;
    }
    const pod = await this.prisma.pod.findUnique({ where: { id: podId } });
    await this.snapshots.flushed(instance.id, pod ? toPodView(pod, instance.name) : null, now);
    summary.flushed += 1;
    await this.runs.audit(run, {
      instanceId: instance.id,
      podId,
      kind: 'flush',
      outcome: 'ok',
      reason: 'live stats cleared after confirmation; history kept',
    });
  }

  /** Activity recorded after the intent was decided (someone is using the pod again). */
  private activityAfter(instance: InstanceWithSnapshot, intent: StopIntent): boolean {
    const lastRunAt = instance.snapshot?.lastRunAt;
    return Boolean(lastRunAt && lastRunAt > intent.createdAt);
  }

  private update(intent: StopIntent, data: Partial<StopIntent>): Promise<StopIntent> {
    return this.prisma.stopIntent.update({
      where: { id: intent.id },
      data: { ...data, updatedAt: this.clock.now() },
    });
  }

  private async close(intent: StopIntent, state: 'confirmed' | 'cancelled', at: Date, seen?: string) {
    await this.update(intent, {
      state,
      closedAt: at,
      ...(state === 'confirmed' ? { confirmedAt: at } : {}),
      ...(seen ? { observed: seen } : {}),
    });
  }
}

function statusOf(state: PodState) {
  return !state.gone && isPodStatus(state.status) ? state.status : null;
}

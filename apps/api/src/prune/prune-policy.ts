/**
 * What prune should do with one instance this tick, from its own current data only (no I/O):
 * the pure half of the reconciler. `PruneService` feeds it and `StopReconciler` acts on it.
 */
import {
  formatCountdown,
  type InstanceSnapshot,
  type PruneAction,
  type PruneDecision,
} from '@podwatch/shared';
import { isPodRunning } from '@podwatch/shared';

export interface PolicyInstance {
  name: string;
  type: 'pod' | 'serverless';
  podId: string | null;
  protect: boolean;
  onIdle: string;
  inactivitySeconds: number;
}

export interface PolicyInput {
  instance: PolicyInstance;
  /** The instance's live view for `now` (countdown with the warning guarantee, staleness). */
  view: Pick<
    InstanceSnapshot,
    'killAt' | 'timeUntilKill' | 'stale' | 'staleReason' | 'collectedAt' | 'flushedAt' | 'pod' | 'lastRunAt'
  >;
  /** The latest collection saw activity, and why. */
  busy: boolean;
  busyDetail: string | null;
  /** An open stop intent of the instance, if any. */
  intent: { action: string; createdAt: Date } | null;
  /** Scheduled runs honour `prune.enabled: false`. */
  disabled: boolean;
  dryRun: boolean;
}

export function actionFor(onIdle: string): Exclude<PruneAction, 'none'> {
  switch (onIdle) {
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

export function decide(input: PolicyInput): PruneDecision {
  const { instance, view } = input;
  const base = {
    instance: instance.name,
    podId: instance.podId,
    killAt: view.killAt,
    timeUntilKill: view.timeUntilKill,
  };
  const none = (code: PruneDecision['code'], reason: string): PruneDecision => ({
    ...base,
    action: 'none',
    code,
    reason,
    result: 'none',
  });
  const act = (code: PruneDecision['code'], reason: string, action = actionFor(instance.onIdle)) => ({
    ...base,
    action,
    code,
    reason,
    result: input.dryRun ? ('planned' as const) : ('none' as const),
  });

  if (input.intent) {
    return act(
      'resume',
      `${input.intent.action} decided at ${input.intent.createdAt.toISOString()} is not confirmed yet: observing RunPod`,
      input.intent.action as Exclude<PruneAction, 'none'>,
    );
  }
  if (input.disabled) return none('disabled', 'prune.enabled is false in podwatch.yaml');
  if (instance.protect) return none('protected', 'protect: true — shown, never pruned');
  if (instance.type === 'pod' && !instance.podId) return none('no-pod', 'the instance has no pod');
  if (view.stale) {
    return none(
      'stale',
      `stale: ${view.staleReason ?? 'no successful collection within two intervals'} — no action on old data`,
    );
  }
  if (!view.collectedAt) return none('stale', 'stale: never collected yet — no action without data');

  if (instance.type === 'pod') {
    const status = view.pod?.status ?? null;
    if (!isPodRunning(status) || view.pod?.gone) {
      if (view.flushedAt) return none('flushed', `stopped and flushed at ${view.flushedAt}`);
      return act(
        'already-stopped',
        `the pod is ${view.pod?.gone ? 'gone' : (status ?? 'unknown')}; confirming and flushing`,
      );
    }
  } else if (view.flushedAt && (view.lastRunAt === null || view.lastRunAt <= view.flushedAt)) {
    return none('flushed', `confirmed idle and flushed at ${view.flushedAt}`);
  }

  if (view.timeUntilKill === null) return none('counting', 'no activity or start time known yet');
  if (view.timeUntilKill > 0) {
    return none('counting', `${formatCountdown(view.timeUntilKill)} left (kill at ${view.killAt})`);
  }
  if (input.busy) return none('active', `active: ${input.busyDetail ?? 'activity in the latest collection'}`);
  return act(
    'due',
    `idle since ${view.lastRunAt ?? 'the pod started'} (window ${instance.inactivitySeconds}s), countdown at zero`,
  );
}

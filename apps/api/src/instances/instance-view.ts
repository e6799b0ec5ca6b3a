import {
  type ActivitySignal,
  type AgentSessionView,
  countdown,
  type InstanceAgentView,
  type InstanceConfigView,
  type InstanceSnapshot,
  type OnIdle,
  type PodStatus,
  type PodView,
  type ServerlessEndpointView,
  type TelemetryView,
} from '@podwatch/shared';
import type { Instance, PodSnapshot } from '../generated/prisma/client.js';

export function toInstanceConfigView(instance: Instance): InstanceConfigView {
  return {
    name: instance.name,
    type: instance.type,
    source: instance.source === 'api' ? 'api' : 'config',
    podId: instance.podId,
    endpointId: instance.endpointId,
    inactivitySeconds: instance.inactivitySeconds,
    onIdle: instance.onIdle as OnIdle,
    onOrphan: instance.onOrphan === 'terminate' ? 'terminate' : 'report',
    protect: instance.protect,
    gpuUtilThreshold: instance.gpuUtilThreshold,
    warnBeforeSeconds: instance.warnBeforeSeconds,
    canCreate: instance.createSpec !== null,
  };
}

export interface SnapshotContext {
  now: Date;
  /** Data older than this many seconds is stale even if the last cycle did not say so. */
  staleAfterSeconds: number;
  serverless?: ServerlessEndpointView | null;
  agents?: AgentSessionView[];
  /** The newest agent report of the instance's pod. */
  agent?: InstanceAgentView | null;
}

/**
 * Where a countdown starts when no activity was ever seen: the pod's start, but never before
 * Podwatch began watching the instance. What happened before that is unknown, and unknown counts
 * as activity: a freshly installed Podwatch does not stop a pod it has watched for a minute.
 */
export function countdownBase(instance: Instance, podStartedAt: Date | string | null | undefined): Date {
  const started = podStartedAt ? new Date(podStartedAt) : null;
  if (instance.type === 'serverless' || !started || Number.isNaN(started.getTime()))
    return instance.createdAt;
  return started > instance.createdAt ? started : instance.createdAt;
}

/** An instance's live view: stored snapshot plus a countdown computed for `now`. */
export function toInstanceSnapshot(
  instance: Instance,
  snapshot: PodSnapshot | null,
  context: SnapshotContext,
): InstanceSnapshot {
  const pod = (snapshot?.pod ?? null) as PodView | null;
  const telemetry = (snapshot?.telemetry ?? null) as TelemetryView | null;
  const serverless = context.serverless ?? null;
  const observed = Boolean(snapshot?.collectedAt || snapshot?.flushedAt);
  let podStatus: PodStatus | null | undefined;
  if (!observed) podStatus = undefined;
  else if (instance.type === 'serverless') {
    // An endpoint "runs" while it has workers or keeps a minimum of them.
    podStatus = serverless && (serverless.workers.total > 0 || serverless.workersMin > 0) ? 'RUNNING' : null;
  } else podStatus = pod?.status ?? null;
  const clock = countdown({
    lastRunAt: snapshot?.lastRunAt,
    startedAt: countdownBase(instance, pod?.startedAt),
    inactivitySeconds: instance.inactivitySeconds,
    now: context.now,
    podStatus,
    protect: instance.protect,
    busy: snapshot?.busy ?? false,
    // Pre-kill warnings are raised for pods (a serverless endpoint is confirmed idle, not stopped).
    warnBeforeSeconds: instance.type === 'pod' ? instance.warnBeforeSeconds : 0,
    warning: snapshot?.warnedKillAt ? { killAt: snapshot.warnedKillAt, at: snapshot.warnedAt } : null,
  });
  const age = snapshot?.collectedAt ? (context.now.getTime() - snapshot.collectedAt.getTime()) / 1000 : null;
  const outdated = age !== null && age > context.staleAfterSeconds;
  const stale = Boolean(snapshot?.stale) || outdated;
  return {
    instance: instance.name,
    config: toInstanceConfigView(instance),
    updatedAt: snapshot?.updatedAt.toISOString() ?? null,
    pod,
    telemetry,
    lastRunAt: snapshot?.lastRunAt?.toISOString() ?? null,
    lastActivity:
      snapshot?.lastActivitySignal && snapshot.lastActivityAt
        ? {
            signal: snapshot.lastActivitySignal as ActivitySignal,
            at: snapshot.lastActivityAt.toISOString(),
            detail: snapshot.lastActivityDetail,
          }
        : null,
    inactivitySeconds: instance.inactivitySeconds,
    killAt: clock.killAt,
    timeUntilKill: clock.timeUntilKill,
    state: clock.state,
    stale,
    staleReason: snapshot?.stale
      ? snapshot.staleReason
      : outdated
        ? `no successful collection since ${snapshot!.collectedAt!.toISOString()}`
        : null,
    staleSince:
      snapshot?.staleSince?.toISOString() ?? (outdated ? snapshot!.collectedAt!.toISOString() : null),
    collectedAt: snapshot?.collectedAt?.toISOString() ?? null,
    flushedAt: snapshot?.flushedAt?.toISOString() ?? null,
    serverless,
    agents: context.agents ?? [],
    agent: context.agent ?? null,
  };
}

/**
 * What each action will do, in the words the confirmation dialogs show. Pure functions of the
 * state the dashboard already holds, so that every dialog says exactly what will happen.
 */
import {
  allowedInstanceActions,
  extendedKillAt,
  formatDuration,
  livePod,
  MAX_EXTEND_SECONDS,
  parseDuration,
  toTime,
  type InstanceSnapshot,
  type PodView,
  type PruneAction,
  type PruneDecision,
  type PruneRunView,
} from '@podwatch/shared';
import type { InstanceAction } from '@/api/instances';
import type { PodAction } from '@/api/pods';
import { formatRate } from '@/format/money';
import { gpuLabel } from '@/format/labels';
import { formatClock } from '@/format/time';

export interface Confirmation {
  title: string;
  /** Each consequence, one sentence a line. */
  lines: string[];
  confirmLabel: string;
  danger: boolean;
  /** The confirm button stays disabled until this is typed (irreversible actions). */
  typeToConfirm?: string;
}

export { MAX_EXTEND_SECONDS };

function podSummary(pod: PodView): string {
  const rate = pod.costPerHr > 0 ? `, ${formatRate(pod.costPerHr)}` : '';
  return `pod ${pod.id} (${gpuLabel(pod.gpu)}${rate})`;
}

function volumeText(pod: PodView): string {
  return pod.volumeInGb ? `${pod.volumeInGb} GB volume` : 'volume';
}

/** Which actions make sense now: the shared rule the API enforces. */
export const availableInstanceActions = allowedInstanceActions;

export function instanceConfirmation(snapshot: InstanceSnapshot, action: InstanceAction): Confirmation {
  const name = snapshot.instance;
  const pod = livePod(snapshot);
  const inactivity = formatDuration(snapshot.inactivitySeconds);
  switch (action) {
    case 'start': {
      const lines = pod
        ? [`Resumes ${podSummary(pod)}.`, 'Billing starts again once the pod runs.']
        : [
            `Creates a new pod for ${name} from its spec in podwatch.yaml.`,
            'Billing starts as soon as the pod runs.',
          ];
      lines.push(`Resets the countdown: the pod is stopped after ${inactivity} without activity.`);
      return {
        title: `Start ${name}?`,
        lines,
        confirmLabel: pod ? 'Resume pod' : 'Create pod',
        danger: false,
      };
    }
    case 'stop': {
      const lines = pod
        ? [
            `Stops ${podSummary(pod)} now, whatever its countdown.`,
            `Its ${volumeText(pod)} is kept; the container disk is reset.`,
            `Start resumes it later.`,
          ]
        : [`${name} has no pod to stop.`];
      if (snapshot.config.protect) lines.push(`${name} is protected: prune would never stop it on its own.`);
      return { title: `Stop ${name}?`, lines, confirmLabel: 'Stop pod', danger: true };
    }
    case 'terminate': {
      const lines = pod
        ? [
            `Terminates ${podSummary(pod)} now.`,
            `The pod and its ${volumeText(pod)} are deleted. This cannot be undone.`,
            snapshot.config.canCreate
              ? `Start creates a new, empty pod from the spec.`
              : `${name} then has no pod, and no spec to create one: start cannot bring it back.`,
          ]
        : [`${name} has no pod to terminate.`];
      return {
        title: `Terminate ${name}?`,
        lines,
        confirmLabel: 'Terminate pod',
        danger: true,
        typeToConfirm: name,
      };
    }
  }
}

/** When the instance would be stopped after extending by `seconds`, as the API computes it. */
export function extendedKillAtOf(snapshot: InstanceSnapshot, seconds: number, nowMs: number): Date {
  return extendedKillAt(snapshot.killAt, seconds, nowMs);
}

export type ExtendCheck = { ok: true; seconds: number } | { ok: false; message: string };

export function checkExtendDuration(text: string): ExtendCheck {
  const seconds = parseDuration(text);
  if (seconds === null) return { ok: false, message: 'Use a duration such as 45m, 2h or 1h30m.' };
  if (seconds > MAX_EXTEND_SECONDS) return { ok: false, message: 'At most 7 days (7d).' };
  return { ok: true, seconds };
}

export function extendConfirmation(snapshot: InstanceSnapshot, seconds: number, nowMs: number): Confirmation {
  const name = snapshot.instance;
  const from = toTime(snapshot.killAt);
  const to = extendedKillAtOf(snapshot, seconds, nowMs);
  const lines = [
    from !== null && from > nowMs
      ? `Moves the stop time of ${name} from ${formatClock(from, nowMs)} to ${formatClock(to, nowMs)} (+${formatDuration(seconds)}).`
      : `Gives ${name} until ${formatClock(to, nowMs)} (${formatDuration(seconds)} from now) before it is stopped.`,
    'Activity after that still resets the countdown as usual.',
  ];
  if (snapshot.config.protect) lines.push(`${name} is protected: prune never stops it anyway.`);
  return {
    title: `Extend ${name} by ${formatDuration(seconds)}?`,
    lines,
    confirmLabel: 'Extend',
    danger: false,
  };
}

export function podConfirmation(pod: PodView, action: PodAction): Confirmation {
  const unmanaged = 'Podwatch does not manage this pod: prune never touches it.';
  switch (action) {
    case 'start':
      return {
        title: `Start ${pod.name}?`,
        lines: [`Resumes ${podSummary(pod)}.`, 'Billing starts again once the pod runs.'],
        confirmLabel: 'Start pod',
        danger: false,
      };
    case 'restart':
      return {
        title: `Restart ${pod.name}?`,
        lines: [`Restarts ${podSummary(pod)}: whatever runs in it is interrupted.`, unmanaged],
        confirmLabel: 'Restart pod',
        danger: true,
      };
    case 'stop':
      return {
        title: `Stop ${pod.name}?`,
        lines: [
          `Stops ${podSummary(pod)} now.`,
          `Its ${volumeText(pod)} is kept; the container disk is reset.`,
          unmanaged,
        ],
        confirmLabel: 'Stop pod',
        danger: true,
      };
    case 'terminate':
      return {
        title: `Terminate ${pod.name}?`,
        lines: [
          `Terminates ${podSummary(pod)} now.`,
          `The pod and its ${volumeText(pod)} are deleted. This cannot be undone.`,
        ],
        confirmLabel: 'Terminate pod',
        danger: true,
        typeToConfirm: pod.name,
      };
  }
}

function pruneVerb(action: Exclude<PruneAction, 'none'>): string {
  switch (action) {
    case 'stop':
      return 'Stops';
    case 'terminate':
      return 'Terminates';
    case 'scaleToZero':
      return 'Scales to zero';
    case 'confirm':
      return 'Confirms the workers are gone for';
  }
}

function pruneLine(d: PruneDecision): string {
  const target = d.podId ? `${d.instance} (pod ${d.podId})` : d.instance;
  switch (d.code) {
    case 'resume':
    case 'already-stopped':
      return `Confirms ${target} has stopped, then clears its live stats: ${d.reason}.`;
    default:
      return `${pruneVerb(d.action as Exclude<PruneAction, 'none'>)} ${target}: ${d.reason}.`;
  }
}

/** The real run after a dry run: what it would do, instance by instance, from the preview. */
export function pruneConfirmation(preview: PruneRunView): Confirmation {
  const acting = preview.decisions.filter((d) => d.action !== 'none');
  const held = preview.decisions.filter((d) => d.action === 'none' && d.code === 'stale');
  const stops = acting.filter((d) => d.code === 'due' && (d.action === 'stop' || d.action === 'terminate'));
  const lines = acting.map(pruneLine);
  for (const d of held) lines.push(`Leaves ${d.instance} alone: ${d.reason}.`);
  if (stops.length === 0) {
    lines.unshift('Nothing is due: no pod would be stopped or terminated.');
  }
  if (stops.length > 0) {
    lines.push('Each stop is confirmed with RunPod before the live stats are cleared.');
  }
  return {
    title: preview.instanceFilter ? `Prune ${preview.instanceFilter} now?` : 'Prune now?',
    lines,
    confirmLabel:
      acting.length > 0 ? `Prune ${acting.length} instance${acting.length === 1 ? '' : 's'}` : 'Run prune',
    danger: stops.length > 0,
  };
}

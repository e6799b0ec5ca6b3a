/**
 * What a start, stop or terminate will do, said exactly (pod id, $/h, volume kept or deleted),
 * for the confirmation prompts of the commands and of the dashboard.
 */
import { type InstanceSnapshot, isPodRunning, type PodView } from '@podwatch/shared';
import { gpuLabel, perHour } from './format.js';

export type LifecycleAction = 'start' | 'stop' | 'terminate';

export type ActionPlan =
  /** Ask this before acting. */
  | { kind: 'confirm'; question: string }
  /** Act without asking: nothing is spent or lost. */
  | { kind: 'proceed'; note: string }
  /** Nothing to do; `message` says why. `satisfied`: the wanted end state already holds. */
  | { kind: 'noop'; message: string; satisfied: boolean };

/** Terminated, or no longer listed by RunPod: nothing is left to start, stop or terminate. */
export function isPodGone(pod: PodView): boolean {
  return pod.gone || pod.status === 'TERMINATED';
}

function podLine(pod: PodView): string {
  const where = pod.dataCenterId ? `, ${pod.dataCenterId}` : '';
  return `pod ${pod.id} (${gpuLabel(pod.gpu)}, ${pod.status}, ${perHour(pod.costPerHr)}${where})`;
}

function stopEffect(pod: PodView, resume: string): string {
  const volume = pod.volumeInGb
    ? `its ${pod.volumeInGb} GB volume is kept (storage stays billed) and ${resume} resumes it`
    : `it has no volume; ${resume} resumes it`;
  return `Compute billing (${perHour(pod.costPerHr)}) ends; ${volume}. The container disk is reset.`;
}

function terminateEffect(pod: PodView): string {
  const volume = pod.volumeInGb ? `and its ${pod.volumeInGb} GB volume are` : 'is';
  return `The pod ${volume} DELETED: this cannot be undone.`;
}

/** The plan for a lifecycle action on an instance. */
export function planInstanceAction(snapshot: InstanceSnapshot, action: LifecycleAction): ActionPlan {
  const name = snapshot.instance;
  // A gone pod counts as none: there is nothing left to resume, stop or terminate.
  const pod = snapshot.pod && !isPodGone(snapshot.pod) ? snapshot.pod : null;
  if (snapshot.config.type === 'serverless') {
    return {
      kind: 'noop',
      message: `${name} is a serverless instance (endpoint ${snapshot.config.endpointId ?? '?'}): it has no pod to ${action}.`,
      satisfied: false,
    };
  }
  const protectedNote = snapshot.config.protect
    ? `\n${name} is protected: prune never stops it on its own.`
    : '';
  switch (action) {
    case 'start': {
      if (pod && isPodRunning(pod.status)) {
        return {
          kind: 'proceed',
          note: `${name}'s ${podLine(pod)} already runs; its countdown starts afresh.`,
        };
      }
      if (pod) {
        return {
          kind: 'confirm',
          question: `Start ${name}: resume ${podLine(pod)}.\nBilling resumes at RunPod's rate for ${gpuLabel(pod.gpu)}; the countdown starts afresh.`,
        };
      }
      if (snapshot.config.canCreate) {
        return {
          kind: 'confirm',
          question: `Start ${name}: create a new pod from the instance's create spec in podwatch.yaml.\nBilling starts when RunPod has placed it; the countdown starts afresh.`,
        };
      }
      return {
        kind: 'noop',
        message: `${name} has no pod to start and no create spec to make one: set podId or create in podwatch.yaml.`,
        satisfied: false,
      };
    }
    case 'stop': {
      if (!pod) {
        return { kind: 'noop', message: `${name} has no pod to stop.`, satisfied: true };
      }
      if (!isPodRunning(pod.status)) {
        return {
          kind: 'noop',
          message: `${name}'s pod ${pod.id} is already stopped (${pod.status}).`,
          satisfied: true,
        };
      }
      return {
        kind: 'confirm',
        question: `Stop ${name}: ${podLine(pod)}.\n${stopEffect(pod, `\`podwatch start ${name}\``)}${protectedNote}`,
      };
    }
    case 'terminate': {
      if (!pod) {
        return { kind: 'noop', message: `${name} has no pod to terminate.`, satisfied: true };
      }
      return {
        kind: 'confirm',
        question: `Terminate ${name}: ${podLine(pod)}.\n${terminateEffect(pod)}${protectedNote}`,
      };
    }
  }
}

/** The plan for stop or terminate of an unmanaged pod (one that belongs to no instance). */
export function planPodAction(pod: PodView, action: 'stop' | 'terminate'): ActionPlan {
  if (isPodGone(pod)) return { kind: 'noop', message: `Pod ${pod.id} is already gone.`, satisfied: true };
  if (action === 'stop') {
    if (!isPodRunning(pod.status)) {
      return {
        kind: 'noop',
        message: `Pod ${pod.name} (${pod.id}) is already stopped (${pod.status}).`,
        satisfied: true,
      };
    }
    return {
      kind: 'confirm',
      question: `Stop unmanaged ${pod.name}: ${podLine(pod)}.\n${stopEffect(pod, 'starting it in RunPod')}`,
    };
  }
  return {
    kind: 'confirm',
    question: `Terminate unmanaged ${pod.name}: ${podLine(pod)}.\n${terminateEffect(pod)}`,
  };
}

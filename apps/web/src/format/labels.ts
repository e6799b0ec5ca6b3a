import type {
  ActivitySignal,
  AuditKind,
  CountdownState,
  GpuInfo,
  OnIdle,
  PruneDecision,
  PruneRunView,
} from '@podwatch/shared';

export type Tone = 'ok' | 'warn' | 'danger' | 'info' | 'protect' | 'neutral';

export interface StateLabel {
  label: string;
  tone: Tone;
  /** What the state means, for a tooltip. */
  hint: string;
}

export function stateLabel(state: CountdownState): StateLabel {
  switch (state) {
    case 'active':
      return { label: 'Active', tone: 'ok', hint: 'Busy right now: every collection resets the countdown.' };
    case 'counting':
      return { label: 'Idle', tone: 'warn', hint: 'No activity: the countdown is running.' };
    case 'pruning':
      return { label: 'Stopping', tone: 'danger', hint: 'The countdown reached zero: prune stops the pod.' };
    case 'stopped':
      return { label: 'Stopped', tone: 'neutral', hint: 'No running pod.' };
    case 'protected':
      return { label: 'Protected', tone: 'protect', hint: 'protect: true — shown, never pruned.' };
    case 'unknown':
      return { label: 'Unknown', tone: 'neutral', hint: 'Nothing has been collected for it yet.' };
  }
}

export function signalLabel(signal: ActivitySignal): string {
  switch (signal) {
    case 'activity':
      return 'App activity';
    case 'start':
      return 'Started';
    case 'extend':
      return 'Extended';
    case 'gpu':
      return 'GPU busy';
    case 'agent':
      return 'Agent working';
    case 'agent-gpu':
      return 'GPU busy (agent)';
    case 'gpu-process':
      return 'GPU process (agent)';
    case 'ssh-session':
      return 'SSH session (agent)';
    case 'pod-start':
      return 'Pod (re)started';
    case 'workers':
      return 'Serverless workers';
  }
}

export function auditKindLabel(kind: AuditKind): string {
  switch (kind) {
    case 'decision':
      return 'Decision';
    case 'runpod_call':
      return 'RunPod call';
    case 'confirmation':
      return 'Confirmation';
    case 'flush':
      return 'Flush';
    case 'warning':
      return 'Warning';
    case 'orphan':
      return 'Orphan';
    case 'alert':
      return 'Alert';
    case 'extend':
      return 'Extend';
    case 'action':
      return 'Action';
  }
}

/** What prune does when the countdown reaches zero. */
export function onIdleLabel(onIdle: OnIdle): string {
  switch (onIdle) {
    case 'stop':
      return 'stop';
    case 'terminate':
      return 'terminate';
    case 'confirm':
      return 'confirm workers are gone';
    case 'scaleToZero':
      return 'scale to zero';
  }
}

export function gpuLabel(gpu: GpuInfo | null | undefined): string {
  if (!gpu || gpu.count === 0) return 'CPU only';
  return `${gpu.displayName ?? gpu.typeId ?? 'GPU'} × ${gpu.count}`;
}

export function decisionTone(decision: PruneDecision): Tone {
  switch (decision.result) {
    case 'flushed':
      return 'ok';
    case 'planned':
    case 'sent':
    case 'confirming':
      return 'info';
    case 'confirmation-failed':
    case 'failed':
      return 'danger';
    case 'flush-skipped':
      return 'warn';
    case 'none':
      return decision.code === 'stale' ? 'warn' : 'neutral';
  }
}

export function runStatusTone(status: PruneRunView['status']): Tone {
  switch (status) {
    case 'succeeded':
      return 'ok';
    case 'running':
      return 'info';
    case 'failed':
      return 'danger';
    case 'interrupted':
      return 'warn';
  }
}

export function outcomeTone(outcome: 'ok' | 'failed' | 'skipped'): Tone {
  switch (outcome) {
    case 'ok':
      return 'ok';
    case 'failed':
      return 'danger';
    case 'skipped':
      return 'neutral';
  }
}

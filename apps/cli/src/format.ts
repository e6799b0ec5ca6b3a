/**
 * How the CLI writes numbers, times and states, and which colour a value earns. Shared by the
 * dashboard (Ink) and the plain command output (chalk), so both say the same thing the same way.
 */
import chalk from 'chalk';
import {
  type ActivitySignal,
  type CountdownState,
  formatCountdown,
  type GpuInfo,
  type InstanceSnapshot,
  type PodStatus,
  type PodView,
  timeUntilKill,
  toTime,
} from '@podwatch/shared';

/** Colour names that Ink and chalk share; `plain` is the terminal's own foreground. */
export type Tone = 'green' | 'yellow' | 'red' | 'cyan' | 'magenta' | 'blue' | 'gray' | 'plain';

/** The Ink `color` for a tone (none for `plain`, so light and dark themes both read well). */
export function inkColor(tone: Tone | undefined): Exclude<Tone, 'plain'> | undefined {
  return tone === 'plain' ? undefined : tone;
}

/** `text` in `tone` for plain command output. */
export function paint(tone: Tone, text: string): string {
  return tone === 'plain' ? text : chalk[tone](text);
}

export const DASH = '—';

/** `1 pod`, `3 pods`; `pluralWord` for nouns that do not just take an s (`2 matches`). */
export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${count === 1 ? word : pluralWord}`;
}

export function money(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

export function perHour(value: number | null | undefined): string {
  return value === null || value === undefined ? DASH : `${money(value)}/h`;
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? DASH : `${Math.round(value)}%`;
}

export function celsius(value: number | null | undefined): string {
  return value === null || value === undefined ? DASH : `${Math.round(value)}°C`;
}

export function watts(value: number | null | undefined): string {
  return value === null || value === undefined ? DASH : `${Math.round(value)} W`;
}

export function gigabytes(value: number | null | undefined): string {
  return value === null || value === undefined ? DASH : `${value} GB`;
}

/** `1d 2h`, `3h 4m`, `5m 6s`, `7s`: the two largest units. */
export function span(totalSeconds: number | null | undefined): string {
  if (totalSeconds === null || totalSeconds === undefined || !Number.isFinite(totalSeconds)) return DASH;
  const s = Math.max(0, Math.floor(totalSeconds));
  const parts: [number, string][] = [
    [Math.floor(s / 86_400), 'd'],
    [Math.floor((s % 86_400) / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'm'],
    [s % 60, 's'],
  ];
  const first = parts.findIndex(([value]) => value > 0);
  if (first === -1) return '0s';
  return parts
    .slice(first, first + 2)
    .filter(([value], index) => index === 0 || value > 0)
    .map(([value, unit]) => `${value}${unit}`)
    .join(' ');
}

/** `12s ago`, `3m ago`, `in 5m`; `never` for a missing time. */
export function ago(time: string | null | undefined, now: number): string {
  const at = toTime(time);
  if (at === null) return 'never';
  const seconds = Math.round((now - at) / 1000);
  if (Math.abs(seconds) < 2) return 'just now';
  return seconds >= 0 ? `${span(seconds)} ago` : `in ${span(-seconds)}`;
}

/** Local wall-clock time, `HH:MM:SS`. */
export function clock(time: string | number | null | undefined): string {
  const at = toTime(time);
  if (at === null) return DASH;
  const d = new Date(at);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** The API's clock at the moment it answered (`generatedAt`), else the local one. */
export function serverTimeOf(data: { generatedAt?: string }): number {
  return Date.parse(data.generatedAt ?? '') || Date.now();
}

/** `up 2h 5m` for a running pod whose uptime RunPod reported, else null. */
export function uptimeText(pod: PodView): string | null {
  return pod.status === 'RUNNING' && pod.uptimeSeconds !== null ? `up ${span(pod.uptimeSeconds)}` : null;
}

/** `A100 SXM ×2`, `CPU` for a pod without GPU. */
export function gpuLabel(gpu: GpuInfo | null | undefined, long = false): string {
  if (!gpu || gpu.count === 0) return 'CPU';
  const name = (long ? (gpu.typeId ?? gpu.displayName) : (gpu.displayName ?? gpu.typeId)) ?? 'GPU';
  return `${name} ×${gpu.count}`;
}

export const SIGNAL_LABEL: Record<ActivitySignal, string> = {
  activity: 'app activity',
  start: 'start',
  extend: 'extend',
  gpu: 'GPU busy',
  agent: 'agent working',
  'agent-gpu': 'agent: GPU busy',
  'gpu-process': 'agent: GPU process',
  'ssh-session': 'agent: SSH session',
  'pod-start': 'pod (re)start',
  workers: 'serverless workers',
};

export function podStatusTone(status: PodStatus | null | undefined): Tone {
  switch (status) {
    case 'RUNNING':
      return 'green';
    case 'PROVISIONING':
    case 'STARTING':
      return 'cyan';
    case 'EXITED':
    case 'TERMINATED':
      return 'gray';
    case 'ERROR':
      return 'red';
    case null:
    case undefined:
      return 'gray';
  }
}

export function stateTone(state: CountdownState | 'unmanaged'): Tone {
  switch (state) {
    case 'active':
      return 'green';
    case 'counting':
      return 'yellow';
    case 'pruning':
      return 'red';
    case 'protected':
      return 'blue';
    case 'stopped':
    case 'unknown':
      return 'gray';
    case 'unmanaged':
      return 'magenta';
  }
}

/** CPU and memory: pressure is what matters. */
export function loadTone(value: number | null | undefined): Tone {
  if (value === null || value === undefined) return 'gray';
  if (value >= 90) return 'red';
  if (value >= 70) return 'yellow';
  return 'green';
}

/** GPU utilisation: below the instance's activity threshold the pod counts as idle. */
export function gpuTone(value: number | null | undefined, threshold = 10): Tone {
  if (value === null || value === undefined) return 'gray';
  return value >= threshold ? 'green' : 'yellow';
}

export function temperatureTone(value: number | null | undefined): Tone {
  if (value === null || value === undefined) return 'gray';
  if (value >= 85) return 'red';
  if (value >= 75) return 'yellow';
  return 'green';
}

/** The countdown as the terminal shows it right now, ticked locally from `killAt`. */
export interface LiveCountdown {
  state: CountdownState;
  /** Seconds left, or null when nothing is counting. */
  left: number | null;
  /** `hh:mm:ss`, or a word when there is nothing to count. */
  text: string;
  tone: Tone;
}

export function liveCountdown(
  snapshot: InstanceSnapshot,
  now: number,
  warnBeforeSeconds?: number,
): LiveCountdown {
  const left = timeUntilKill(snapshot.killAt, now);
  let state = snapshot.state;
  // The API said "counting" a moment ago; once the local tick reaches zero the pod is due.
  if ((state === 'counting' || state === 'active') && left === 0) state = 'pruning';
  const warn = warnBeforeSeconds ?? snapshot.config.warnBeforeSeconds;
  switch (state) {
    case 'counting':
    case 'active':
      return {
        state,
        left,
        text: formatCountdown(left),
        tone: left !== null && left <= warn ? 'yellow' : state === 'active' ? 'green' : 'plain',
      };
    case 'pruning':
      return { state, left: 0, text: formatCountdown(0), tone: 'red' };
    case 'protected':
      return { state, left: null, text: 'protected', tone: 'blue' };
    case 'stopped':
      return {
        state,
        left: null,
        text: snapshot.pod || snapshot.serverless ? 'stopped' : 'no pod',
        tone: 'gray',
      };
    case 'unknown':
      return { state, left, text: formatCountdown(left), tone: 'gray' };
  }
}

/** What `onIdle` does, in words. */
export function onIdleText(snapshot: InstanceSnapshot): string {
  switch (snapshot.config.onIdle) {
    case 'stop':
      return 'stop (volume kept)';
    case 'terminate':
      return 'terminate (pod and volume deleted)';
    case 'confirm':
      return 'confirm no workers run';
    case 'scaleToZero':
      return 'scale workers to zero';
  }
}

/**
 * The time-until-kill countdown (DESIGN §2): `killAt = lastRunAt + inactivity`, falling back to the
 * pod's start time when no activity was ever seen. Pure functions: the API computes `killAt`, and
 * web and terminal tick locally from it every second.
 */

export type CountdownState = 'active' | 'counting' | 'pruning' | 'stopped' | 'protected' | 'unknown';

export type TimeInput = Date | string | number | null | undefined;

export const POD_STATUSES = ['PROVISIONING', 'STARTING', 'RUNNING', 'EXITED', 'ERROR', 'TERMINATED'] as const;

/** Pod statuses of RunPod REST v2; `null` when the instance has no pod. */
export type PodStatus = (typeof POD_STATUSES)[number];

const KNOWN_STATUSES: ReadonlySet<string> = new Set(POD_STATUSES);

export function isPodStatus(value: unknown): value is PodStatus {
  return typeof value === 'string' && KNOWN_STATUSES.has(value);
}

const RUNNING_STATUSES: ReadonlySet<PodStatus> = new Set(['PROVISIONING', 'STARTING', 'RUNNING']);

/** Parses a timestamp without ever throwing; `null` for missing or invalid input. */
export function toTime(value: TimeInput): number | null {
  if (value === null || value === undefined || value === '') return null;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

export function isPodRunning(status: PodStatus | null | undefined): boolean {
  return status != null && RUNNING_STATUSES.has(status);
}

/** The moment the instance becomes eligible for pruning, or `null` when it cannot be known. */
export function killAt(lastRunAt: TimeInput, inactivitySeconds: number, startedAt?: TimeInput): Date | null {
  if (!Number.isFinite(inactivitySeconds) || inactivitySeconds < 0) return null;
  const base = toTime(lastRunAt) ?? toTime(startedAt);
  return base === null ? null : new Date(base + inactivitySeconds * 1000);
}

/** The longest extension asked for at once (`extend`). */
export const MAX_EXTEND_SECONDS = 7 * 86_400;

/**
 * The kill moment after extending by `seconds`: from the kill moment every view shows (or from
 * `now`, when that has passed or is unknown). API, MCP, web and CLI all call this, so the dialog's
 * promise is what the API does.
 */
export function extendedKillAt(shownKillAt: TimeInput, seconds: number, now: TimeInput): Date {
  const current = toTime(now) ?? 0;
  const shown = toTime(shownKillAt);
  return new Date(Math.max(shown ?? current, current) + Math.min(seconds, MAX_EXTEND_SECONDS) * 1000);
}

/** A pre-kill warning that was raised: for which kill moment, and when. */
export interface KillWarning {
  killAt: TimeInput;
  at: TimeInput;
}

/**
 * The warning guarantee (DESIGN §2): no pod is stopped unless a warning for its current countdown
 * has been up for `warnBeforeSeconds`. The idle kill moment is held back until then; a warning
 * that is due but not raised yet (Podwatch was down, the pod just restarted) is taken as raised now.
 */
export function warnedKillAt(
  idleKillAt: Date | null,
  warnBeforeSeconds: number,
  warning: KillWarning | null | undefined,
  now: TimeInput,
): Date | null {
  const current = toTime(now);
  if (idleKillAt === null || !(warnBeforeSeconds > 0) || current === null) return idleKillAt;
  const lead = warnBeforeSeconds * 1000;
  const kill = idleKillAt.getTime();
  const raisedAt = warning && toTime(warning.killAt) === kill ? toTime(warning.at) : null;
  const earliest = raisedAt ?? (kill - lead <= current ? current : kill - lead);
  return new Date(Math.max(kill, earliest + lead));
}

/** Whole seconds left until `killAt` (never negative), or `null` when `killAt` is unknown. */
export function timeUntilKill(at: TimeInput, now: TimeInput): number | null {
  const kill = toTime(at);
  const current = toTime(now);
  if (kill === null || current === null) return null;
  return Math.max(0, Math.ceil((kill - current) / 1000));
}

/** `hh:mm:ss` with hours not capped at 24 (`25:00:00`); `--:--:--` when unknown. */
export function formatCountdown(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '--:--:--';
  const total = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  return [hours, minutes, secs].map((part) => String(part).padStart(2, '0')).join(':');
}

export interface CountdownStateInput {
  /** `null`: the instance has no pod; `undefined`: nothing was ever collected for it. */
  podStatus: PodStatus | null | undefined;
  timeUntilKill: number | null;
  protect?: boolean;
  /** The latest collection saw activity (a busy GPU, a working agent): the countdown keeps resetting. */
  busy?: boolean;
}

export function countdownState(input: CountdownStateInput): CountdownState {
  if (input.podStatus === undefined) return 'unknown';
  if (!isPodRunning(input.podStatus)) return 'stopped';
  if (input.protect) return 'protected';
  if (input.timeUntilKill === null) return 'unknown';
  if (input.timeUntilKill === 0) return 'pruning';
  return input.busy ? 'active' : 'counting';
}

export interface Countdown {
  /** When the instance is stopped: the idle kill moment, held back for the warning guarantee. */
  killAt: string | null;
  /** `lastRunAt + inactivity` (or from the start): what a pre-kill warning is raised for. */
  idleKillAt: string | null;
  timeUntilKill: number | null;
  formatted: string;
  state: CountdownState;
}

export interface CountdownInput {
  lastRunAt: TimeInput;
  startedAt?: TimeInput;
  inactivitySeconds: number;
  now: TimeInput;
  podStatus: PodStatus | null | undefined;
  protect?: boolean;
  busy?: boolean;
  /** With `warning`: the kill waits until a warning for this countdown has been up this long. */
  warnBeforeSeconds?: number;
  warning?: KillWarning | null;
}

/** Everything the dashboards show about an instance's countdown, from one call. */
export function countdown(input: CountdownInput): Countdown {
  const idle = killAt(input.lastRunAt, input.inactivitySeconds, input.startedAt);
  const at =
    input.protect || !isPodRunning(input.podStatus)
      ? idle
      : warnedKillAt(idle, input.warnBeforeSeconds ?? 0, input.warning, input.now);
  const left = timeUntilKill(at, input.now);
  return {
    killAt: at?.toISOString() ?? null,
    idleKillAt: idle?.toISOString() ?? null,
    timeUntilKill: left,
    formatted: formatCountdown(left),
    state: countdownState({
      podStatus: input.podStatus,
      timeUntilKill: left,
      protect: input.protect,
      busy: input.busy,
    }),
  };
}

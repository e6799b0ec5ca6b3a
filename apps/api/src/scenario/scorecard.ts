/**
 * The cost-control scorecard of a scenario run, judged against the simulator's own record of
 * what each pod did (its history), never against Podwatch's view. Pure: no I/O, no clock.
 *
 * Ground truth: a pod is *busy* while it runs a working profile (PROFILE_BUSY); *activity* is
 * being busy, a (re)start, or the moment watching began (the countdown cannot start earlier). The
 * policy's ideal stop of an idle stretch is `lastActivity + inactivity` (its kill moment).
 */
import { PROFILE_BUSY, type SimPodHistory } from '@podwatch/runpod-simulator';

export interface PodPolicy {
  /** Managed by an instance (unmanaged pods must never be stopped). */
  managed: boolean;
  protect: boolean;
  inactivitySeconds: number;
}

export interface ScorecardInput {
  startMs: number;
  endMs: number;
  stepMs: number;
  confirmTimeoutMs: number;
  pods: { history: SimPodHistory; policy: PodPolicy }[];
  /** Podwatch's flush audit events (pod id, moment). */
  flushes: { podId: string; at: number }[];
  runpodRequests: number;
  steps: number;
  alertsFired: number;
  wallSeconds: number;
}

export interface Scorecard {
  /** Stops or terminates sent by Podwatch to a pod that was busy within its window (or that it must never stop). */
  wrongKills: number;
  /** Idle stretches of managed pods that billed past `killAt` + a step + confirmTimeout with no stop sent. */
  missedStops: number;
  /** How long after the ideal moment Podwatch's stops reached $0/h (95th percentile and worst). */
  lateSecondsP95: number;
  lateSecondsMax: number;
  /** What managed, unprotected pods cost while idle; what the configured windows allow; their ratio. */
  idleDollars: number;
  optimumIdleDollars: number;
  idleRatio: number | null;
  /** Stops Podwatch sent after which the pod still billed at the end. */
  unconfirmedStops: number;
  /** Flushes of a pod that RunPod still billed at that moment. */
  flushesBeforeConfirmation: number;
  runpodRequests: number;
  runpodRequestsPerStep: number;
  alertsFired: number;
  stops: number;
  steps: number;
  wallSeconds: number;
  /** One line per wrong kill, missed stop or early flush. */
  findings: string[];
}

interface Segment {
  from: number;
  to: number;
  running: boolean;
  busy: boolean;
  /** A run started at `from`. */
  started: boolean;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** The pod's life in [start, end) cut where its profile or run state changes. */
export function segments(history: SimPodHistory, startMs: number, endMs: number): Segment[] {
  const cuts = new Set<number>([startMs, endMs]);
  for (const p of history.profiles) if (p.at > startMs && p.at < endMs) cuts.add(p.at);
  for (const run of history.runs) {
    for (const t of [run.from, run.to]) if (t !== null && t > startMs && t < endMs) cuts.add(t);
  }
  const times = [...cuts].sort((a, b) => a - b);
  const result: Segment[] = [];
  for (let i = 0; i + 1 < times.length; i++) {
    const from = times[i]!;
    const to = times[i + 1]!;
    const running = history.runs.some((run) => run.from <= from && (run.to === null || from < run.to));
    let profile = history.profiles[0]?.profile ?? 'idle';
    for (const p of history.profiles) if (p.at <= from) profile = p.profile;
    result.push({
      from,
      to,
      running,
      busy: running && PROFILE_BUSY[profile],
      started: history.runs.some((run) => run.from === from && from > startMs),
    });
  }
  return result;
}

/** The last activity at or before `t`: busy time, a (re)start, or the start of watching. */
export function lastActivityAt(segs: readonly Segment[], startMs: number, t: number): number {
  let last = startMs;
  for (const seg of segs) {
    if (seg.from > t) break;
    if (seg.started) last = Math.max(last, seg.from);
    if (seg.busy) last = Math.max(last, Math.min(seg.to, t));
  }
  return last;
}

function billedAt(history: SimPodHistory, t: number): boolean {
  return history.runs.some((run) => run.from <= t && (run.billedUntil === null || t < run.billedUntil));
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function computeScorecard(input: ScorecardInput): Scorecard {
  const { startMs, endMs, stepMs, confirmTimeoutMs } = input;
  const findings: string[] = [];
  const iso = (t: number) => new Date(t).toISOString();
  let wrongKills = 0;
  let missedStops = 0;
  let unconfirmedStops = 0;
  let stops = 0;
  let idleDollars = 0;
  let optimumIdleDollars = 0;
  const late: number[] = [];

  for (const { history, policy } of input.pods) {
    const segs = segments(history, startMs, endMs);
    const windowMs = policy.inactivitySeconds * 1000;
    const prunable = policy.managed && !policy.protect;
    const kills = history.actions.filter(
      (a) => a.by === 'api' && (a.action === 'stop' || a.action === 'terminate') && a.at >= startMs,
    );

    for (const kill of kills) {
      stops += 1;
      const since = kill.at - lastActivityAt(segs, startMs, kill.at);
      // One step of slack: Podwatch samples once a step, so it may see the last busy moment a step early.
      if (!prunable || since < windowMs - stepMs) {
        wrongKills += 1;
        findings.push(
          `wrong kill: ${history.name} ${kill.action} at ${iso(kill.at)}, ${!prunable ? (policy.managed ? 'protected' : 'unmanaged') : `active ${Math.round(since / 1000)}s before (window ${policy.inactivitySeconds}s)`}`,
        );
      }
      const run = history.runs.find((r) => r.from <= kill.at && (r.to === null || kill.at <= r.to));
      if (prunable && kill.effective && run && run.to !== null) {
        const ideal = lastActivityAt(segs, startMs, kill.at) + windowMs;
        late.push(Math.max(0, ((run.billedUntil ?? run.to) - ideal) / 1000));
      }
    }

    const lastKill = kills[kills.length - 1];
    if (lastKill && !history.runs.some((r) => r.from > lastKill.at) && billedAt(history, endMs - 1)) {
      unconfirmedStops += 1;
      findings.push(
        `unconfirmed stop: ${history.name} still billed at the end after a stop at ${iso(lastKill.at)}`,
      );
    }

    if (!prunable) continue;
    const missed = new Set<number>();
    for (const seg of segs) {
      if (!seg.running || seg.busy) continue;
      const activity = lastActivityAt(segs, startMs, seg.from);
      const ms = seg.to - seg.from;
      idleDollars += (history.ratePerHr * ms) / 3_600_000;
      const allowed = Math.max(0, Math.min(seg.to, activity + windowMs) - seg.from);
      optimumIdleDollars += (history.ratePerHr * allowed) / 3_600_000;
      const deadline = activity + windowMs + stepMs + confirmTimeoutMs;
      if (seg.to > deadline && !missed.has(activity)) {
        const sent = kills.some((k) => k.at >= activity && k.at <= deadline);
        if (!sent) {
          missed.add(activity);
          missedStops += 1;
          findings.push(
            `missed stop: ${history.name} idle since ${iso(activity)}, still billed at ${iso(deadline)} with no stop sent`,
          );
        }
      }
    }
  }

  const billedByPod = new Map(input.pods.map(({ history }) => [history.id, history]));
  let flushesBeforeConfirmation = 0;
  for (const flush of input.flushes) {
    const history = billedByPod.get(flush.podId);
    if (history && billedAt(history, flush.at)) {
      flushesBeforeConfirmation += 1;
      findings.push(
        `flush before confirmation: ${history.name} flushed at ${iso(flush.at)} while still billed`,
      );
    }
  }

  return {
    wrongKills,
    missedStops,
    lateSecondsP95: Math.round(percentile(late, 95)),
    lateSecondsMax: Math.round(Math.max(0, ...late)),
    idleDollars: round2(idleDollars),
    optimumIdleDollars: round2(optimumIdleDollars),
    idleRatio: optimumIdleDollars > 0 ? round2(idleDollars / optimumIdleDollars) : null,
    unconfirmedStops,
    flushesBeforeConfirmation,
    runpodRequests: input.runpodRequests,
    runpodRequestsPerStep: input.steps > 0 ? round2(input.runpodRequests / input.steps) : 0,
    alertsFired: input.alertsFired,
    stops,
    steps: input.steps,
    wallSeconds: round2(input.wallSeconds),
    findings,
  };
}

/**
 * Cost maths (DESIGN §2, Cost) as pure functions, and the `GET /api/v1/costs` response shapes.
 * Money is USD; rates are per hour; a month is 30 days (720 h); days are UTC days.
 */
import type { BalanceEstimate } from './balance.js';
import { isPodRunning, type PodStatus, type TimeInput, toTime } from './countdown.js';
import { formatDuration } from './duration.js';

export const HOURS_PER_DAY = 24;
export const HOURS_PER_MONTH = 720;
/** RunPod bills a stopped pod's volume at $0.20 per GB per month (running pods pay $0.10 inside `cost`). */
export const STOPPED_VOLUME_USD_PER_GB_MONTH = 0.2;

/** Rounds half away from zero to `decimals` places, without binary noise (`1.7699999` → 1.77) or `-0`. */
export function roundMoney(value: number, decimals = 2): number {
  if (!Number.isFinite(value)) return 0;
  const factor = 10 ** decimals;
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * factor + 1e-9)) / factor;
  return rounded === 0 ? 0 : rounded;
}

/** `$1,274.40`; rates under a cent keep more places (`$0.0042`). */
export function formatMoney(value: number, decimals = 2): string {
  const places = Math.abs(value) > 0 && Math.abs(value) < 0.01 ? 4 : decimals;
  const text = Math.abs(value).toLocaleString('en-US', {
    minimumFractionDigits: places,
    maximumFractionDigits: places,
  });
  return `${value < 0 ? '-' : ''}$${text}`;
}

/** Σ cost of the pods that hold a machine now (PROVISIONING, STARTING, RUNNING), USD/h, to 4 places. */
export function burnRate(pods: readonly { status: string; costPerHr: number | null }[]): number {
  let total = 0;
  for (const pod of pods) {
    if (isPodRunning(pod.status as PodStatus)) total += pod.costPerHr ?? 0;
  }
  return roundMoney(total, 4);
}

export interface Projections {
  perHour: number;
  /** × 24 */
  perDay: number;
  /** × 720 (a 30-day month) */
  perMonth: number;
}

export function projections(perHour: number): Projections {
  return {
    perHour: roundMoney(perHour, 4),
    perDay: roundMoney(perHour * HOURS_PER_DAY),
    perMonth: roundMoney(perHour * HOURS_PER_MONTH),
  };
}

export interface CostSample {
  time: TimeInput;
  /** USD/h at the sample; null counts as 0. */
  costPerHr: number | null;
  /** The sample said idle (busiest GPU below the threshold). `null`/absent: unknown, never idle. */
  idle?: boolean | null;
}

export interface SpendOptions {
  /**
   * The longest stretch one sample may stand for. A sample bills until the pod's next sample, but
   * never longer than this: a missing stretch (collector down, pod stopped) is not billed as running.
   */
  gapSeconds: number;
  /** The end of accounting (now): the last sample bills up to here at most. */
  until: TimeInput;
  /** Count only time from here on. */
  from?: TimeInput;
}

export interface SpendTotals {
  /** USD accrued while sampled. */
  spend: number;
  /** USD accrued while the samples said idle. */
  idleWaste: number;
  seconds: number;
  idleSeconds: number;
}

export interface DaySpend extends SpendTotals {
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
}

interface Segment {
  start: number;
  end: number;
  rate: number;
  idle: boolean;
}

/** Each sample's stretch: from its time to the next sample, capped by the gap, the window and `until`. */
function segments(samples: readonly CostSample[], options: SpendOptions): Segment[] {
  const until = toTime(options.until);
  if (until === null) return [];
  const from = toTime(options.from) ?? Number.NEGATIVE_INFINITY;
  const gapMs = Math.max(0, options.gapSeconds) * 1000;
  const timed = samples
    .map((sample) => ({ sample, time: toTime(sample.time) }))
    .filter((entry): entry is { sample: CostSample; time: number } => entry.time !== null)
    .sort((a, b) => a.time - b.time);
  const result: Segment[] = [];
  timed.forEach(({ sample, time }, index) => {
    const next = timed[index + 1]?.time ?? until;
    const end = Math.min(next, time + gapMs, until);
    const start = Math.max(time, from);
    if (end > start) {
      result.push({ start, end, rate: sample.costPerHr ?? 0, idle: sample.idle === true });
    }
  });
  return result;
}

function add(totals: SpendTotals, segment: Segment, start: number, end: number): void {
  const seconds = (end - start) / 1000;
  const amount = (segment.rate * seconds) / 3600;
  totals.spend += amount;
  totals.seconds += seconds;
  if (segment.idle) {
    totals.idleWaste += amount;
    totals.idleSeconds += seconds;
  }
}

/**
 * Time-weighted spend of one pod from its samples: Σ costPerHr × time until the next sample,
 * each stretch capped at `gapSeconds`; idle waste is the same over the samples that said idle.
 * Unrounded.
 */
export function spendFromSamples(samples: readonly CostSample[], options: SpendOptions): SpendTotals {
  const totals: SpendTotals = { spend: 0, idleWaste: 0, seconds: 0, idleSeconds: 0 };
  for (const segment of segments(samples, options)) add(totals, segment, segment.start, segment.end);
  return totals;
}

const DAY_MS = 86_400_000;

/** UTC day of an instant, `YYYY-MM-DD`. */
export function utcDay(at: TimeInput): string {
  const ms = toTime(at) ?? 0;
  return new Date(ms).toISOString().slice(0, 10);
}

/** The same as `spendFromSamples`, split at UTC midnights, oldest day first. */
export function spendByDay(samples: readonly CostSample[], options: SpendOptions): DaySpend[] {
  const days = new Map<string, DaySpend>();
  for (const segment of segments(samples, options)) {
    let start = segment.start;
    while (start < segment.end) {
      const midnight = Math.floor(start / DAY_MS) * DAY_MS + DAY_MS;
      const end = Math.min(segment.end, midnight);
      const day = utcDay(start);
      const totals = days.get(day) ?? { day, spend: 0, idleWaste: 0, seconds: 0, idleSeconds: 0 };
      add(totals, segment, start, end);
      days.set(day, totals);
      start = end;
    }
  }
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}

/** A stopped pod's volume, USD per 30-day month. */
export function storageCostPerMonth(volumeGb: number | null | undefined): number {
  return roundMoney(Math.max(0, volumeGb ?? 0) * STOPPED_VOLUME_USD_PER_GB_MONTH, 4);
}

/** Hours the balance lasts at the burn rate; null when nothing burns or the balance is unknown. */
export function runwayHours(balance: number | null | undefined, burnPerHour: number): number | null {
  if (balance === null || balance === undefined || !Number.isFinite(balance)) return null;
  if (!(burnPerHour > 0)) return null;
  return roundMoney(Math.max(0, balance) / burnPerHour, 1);
}

export interface IdleInput {
  now: TimeInput;
  gapSeconds: number;
  /** The pod's first and last samples in the look-back window, and the last that was not idle. */
  firstSampleAt: TimeInput;
  lastSampleAt: TimeInput;
  lastBusyAt: TimeInput;
  /** Any other activity: an app ping, a start, a working agent, an extension. */
  lastActivityAt?: TimeInput;
  startedAt?: TimeInput;
}

/**
 * How long a running pod has been idle as of its last sample, as far as the look-back window shows
 * (so at most the window): since its last busy sample, other activity or start, and never before
 * its first sample in the window. Null when it cannot be known: no sample within a gap of now
 * (missing data never counts as idle).
 */
export function idleForSeconds(input: IdleInput): number | null {
  const now = toTime(input.now);
  const last = toTime(input.lastSampleAt);
  const first = toTime(input.firstSampleAt);
  if (now === null || last === null || first === null) return null;
  if (now - last > input.gapSeconds * 1000) return null;
  const since = Math.max(
    first,
    toTime(input.lastBusyAt) ?? Number.NEGATIVE_INFINITY,
    toTime(input.lastActivityAt) ?? Number.NEGATIVE_INFINITY,
    toTime(input.startedAt) ?? Number.NEGATIVE_INFINITY,
  );
  return Math.max(0, Math.floor((last - since) / 1000));
}

export type CostBasis = 'actual' | 'estimated';

/** An amount and where it comes from: RunPod's billing (`actual`) or Podwatch's samples (`estimated`). */
export interface CostFigure {
  amount: number;
  basis: CostBasis;
}

export type CostSuggestionKind = 'stop-idle' | 'terminate-stopped';

/** "stop X to save $Y/day". */
export interface CostSuggestion {
  kind: CostSuggestionKind;
  podId: string;
  name: string;
  instance: string | null;
  message: string;
  savingPerDay: number;
  savingPerMonth: number;
}

export interface RunningPodIdleness {
  podId: string;
  name: string;
  instance: string | null;
  costPerHr: number;
  idleForSeconds: number | null;
  activeAgents: number;
  protect: boolean;
}

export interface StoppedPodVolume {
  podId: string;
  name: string;
  instance: string | null;
  volumeInGb: number | null;
}

export interface SuggestionInput {
  running: readonly RunningPodIdleness[];
  stopped: readonly StoppedPodVolume[];
  /** A running pod idle at least this long is worth stopping. */
  idleAfterSeconds: number;
}

/** Whole minutes, rounded down: the texts say "at least". */
const minutesText = (seconds: number) => formatDuration(Math.max(60, Math.floor(seconds / 60) * 60));

/**
 * Stop pods idle for `idleAfterSeconds` with no active agent (protected ones are left to their
 * owners), and terminate unmanaged stopped pods whose volume still bills. Biggest saving first.
 */
export function costSuggestions(input: SuggestionInput): CostSuggestion[] {
  const suggestions: CostSuggestion[] = [];
  for (const pod of input.running) {
    if (pod.protect || pod.activeAgents > 0 || pod.costPerHr <= 0) continue;
    if (pod.idleForSeconds === null || pod.idleForSeconds < input.idleAfterSeconds) continue;
    const perDay = roundMoney(pod.costPerHr * HOURS_PER_DAY);
    suggestions.push({
      kind: 'stop-idle',
      podId: pod.podId,
      name: pod.name,
      instance: pod.instance,
      message: `Stop ${pod.name} (idle for at least ${minutesText(pod.idleForSeconds)} at ${formatMoney(pod.costPerHr)}/h) to save ${formatMoney(perDay)}/day`,
      savingPerDay: perDay,
      savingPerMonth: roundMoney(pod.costPerHr * HOURS_PER_MONTH),
    });
  }
  for (const pod of input.stopped) {
    if (pod.instance !== null) continue;
    const perMonth = storageCostPerMonth(pod.volumeInGb);
    if (perMonth <= 0) continue;
    const perDay = roundMoney(perMonth / 30);
    suggestions.push({
      kind: 'terminate-stopped',
      podId: pod.podId,
      name: pod.name,
      instance: null,
      message: `Terminate ${pod.name} (stopped, ${pod.volumeInGb} GB volume) to save ${formatMoney(perDay)}/day on storage; this deletes its volume`,
      savingPerDay: perDay,
      savingPerMonth: roundMoney(perMonth),
    });
  }
  return suggestions.sort((a, b) => b.savingPerMonth - a.savingPerMonth || a.name.localeCompare(b.name));
}

/** One pod's costs over the requested period. */
export interface PodCost {
  podId: string;
  name: string;
  instance: string | null;
  status: PodStatus;
  /** The pod no longer appears in RunPod's listing. */
  gone: boolean;
  /** USD/h now (0 unless it holds a machine). */
  costPerHr: number;
  /** Spend over the period: RunPod's billed amount when billing has it, else estimated. */
  spend: CostFigure;
  spendToday: CostFigure;
  /** Always Podwatch's own estimate (from samples), for comparison. */
  estimatedSpend: number;
  /** RunPod's billed amount for the period, null when billing has none for the pod. */
  actualSpend: number | null;
  /** Estimated cost accrued while the pod's samples said idle. */
  idleWaste: number;
  idleWasteToday: number;
  /** Sampled running time over the period, and the idle part of it. */
  sampledSeconds: number;
  idleSeconds: number;
  /** Running pods: idle for at least this long, as far as the idle-pod window shows (null: unknown). */
  idleForSeconds: number | null;
  /** Stopped (EXITED) pods: what the volume costs, USD per month. */
  storagePerMonth: number;
}

export interface InstanceCost {
  instance: string;
  podIds: string[];
  costPerHr: number;
  spend: CostFigure;
  spendToday: CostFigure;
  idleWaste: number;
  idleWasteToday: number;
}

export interface DailyCost {
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  spend: CostFigure;
  estimatedSpend: number;
  idleWaste: number;
}

export interface StoragePodCost {
  podId: string;
  name: string;
  instance: string | null;
  volumeInGb: number;
  perMonth: number;
}

export interface StorageCost {
  perHour: number;
  perDay: number;
  perMonth: number;
  pods: StoragePodCost[];
}

/** RunPod account figures from GraphQL `myself`, as of the last successful collection. */
export interface AccountCost {
  /** GraphQL's `clientBalance` (`actual`), or once GraphQL is gone an estimate (`estimated`). */
  balance: number | null;
  /** `actual`: RunPod's own figure from the last collection; `estimated`: see `balanceEstimate`. */
  balanceBasis: 'actual' | 'estimated' | null;
  /** How an estimated balance was reached: the known balance, billed since, live burn. */
  balanceEstimate: BalanceEstimate | null;
  /** Why RunPod's own balance is missing (GraphQL failed, retired or off); null when it is fresh. */
  balanceStale: string | null;
  /** RunPod's own spend rate (every running resource, serverless included), USD/h. */
  spendPerHour: number | null;
  spendLimit: number | null;
  observedAt: string | null;
  /** Balance ÷ burn rate; null when nothing burns or the balance is unknown. */
  runwayHours: number | null;
  /** When the balance runs out at the current burn rate. */
  runsOutAt: string | null;
}

export interface BillingStatus {
  /** Billing figures were fetched and cover the whole period. */
  covered: boolean;
  lastFetchAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  /** First UTC day RunPod billing has been fetched for. */
  coveredFrom: string | null;
}

/** GET /api/v1/costs */
export interface CostsResponse {
  generatedAt: string;
  /** Whole UTC days: from the first one's midnight to the midnight ending today. */
  period: { from: string; to: string; days: number };
  runningPods: number;
  /** Σ cost of running pods, USD/h. */
  burnRatePerHour: number;
  projectedPerDay: number;
  projectedPerMonth: number;
  spend: { period: CostFigure; today: CostFigure };
  idleWaste: { period: number; today: number };
  daily: DailyCost[];
  storage: StorageCost;
  account: AccountCost;
  billing: BillingStatus;
  pods: PodCost[];
  instances: InstanceCost[];
  suggestions: CostSuggestion[];
}

import { type BillingRun } from './billing.js';
import { DATA_CENTERS, GPU_MODELS, gpuModelsInPool } from './catalog.js';
import { hashString, HEX_ALPHABET, ID_ALPHABET, mix, unit } from './random.js';
import { type ServerlessHealth } from './types.js';

/**
 * Serverless endpoints. Workers and jobs form a small queueing model that is advanced lazily:
 * every read first replays the events (worker ready, job done, job arrival, idle timeout) that
 * happened on the simulator clock since the last read. No timers run, so a manual clock drives
 * scaling exactly.
 */

export interface Job {
  durationMs: number;
  fail: boolean;
  enqueuedAt: number;
}

export interface WorkerRecord {
  id: string;
  createdAt: number;
  readyAt: number;
  version: number;
  gpuTypeId: string | null;
  dataCenterId: string;
  busyUntil: number | null;
  job: Job | null;
  /** When it last became idle (ready and without a job). */
  idleSince: number;
}

export type Scaling =
  { type: 'QUEUE_DELAY'; queueDelay: number } | { type: 'REQUEST_COUNT'; requestCount: number };

export interface EndpointRecord {
  id: string;
  name: string;
  image: string;
  args: string;
  disk: number;
  ports: string[];
  env: Record<string, string>;
  registry: string | null;
  pools: string[];
  excludedTypes: string[];
  gpuCount: number;
  allowedCudaVersions: string[];
  minCudaVersion: string | null;
  dataCenterIds: string[];
  networkVolumes: string[];
  workersMin: number;
  workersMax: number;
  idleTimeoutS: number;
  scaling: Scaling;
  timeoutMs: number;
  flashboot: 'OFF' | 'FLASHBOOT' | 'PRIORITY_FLASHBOOT';
  createdAt: number;
  version: number;
  coldStartMs: number;
  /** $/h per worker. */
  workerRatePerHr: number;
  key: number;
  workers: WorkerRecord[];
  queue: Job[];
  completed: number;
  failed: number;
  retried: number;
  /** Billing of workers that no longer exist. */
  closedRuns: BillingRun[];
  workerSeq: number;
  simulatedUntil: number;
  traffic: { intervalMs: number; durationMs: number } | null;
  nextArrivalAt: number | null;
}

export interface EndpointSpec {
  id: string;
  name: string;
  image: string;
  pools: string[];
  gpuCount: number;
  workersMin: number;
  workersMax: number;
  idleTimeoutS: number;
  coldStartMs: number;
  traffic: { jobsPerMinute: number; durationSeconds: number } | null;
}

export function workerRate(pools: readonly string[], gpuCount: number): number {
  const firstPool = pools[0];
  const model = firstPool ? gpuModelsInPool(firstPool)[0] : undefined;
  return Math.round((model?.serverlessPrice ?? 1.1) * gpuCount * 10_000) / 10_000;
}

export function buildEndpoint(spec: EndpointSpec, seed: number, createdAt: number): EndpointRecord {
  const ep: EndpointRecord = {
    id: spec.id,
    name: spec.name,
    image: spec.image,
    args: '',
    disk: 20,
    ports: [],
    env: {},
    registry: null,
    pools: [...spec.pools],
    excludedTypes: [],
    gpuCount: spec.gpuCount,
    allowedCudaVersions: [],
    minCudaVersion: null,
    dataCenterIds: [],
    networkVolumes: [],
    workersMin: spec.workersMin,
    workersMax: spec.workersMax,
    idleTimeoutS: spec.idleTimeoutS,
    scaling: { type: 'QUEUE_DELAY', queueDelay: 4 },
    timeoutMs: 600_000,
    flashboot: 'FLASHBOOT',
    createdAt,
    version: 1,
    coldStartMs: spec.coldStartMs,
    workerRatePerHr: workerRate(spec.pools, spec.gpuCount),
    key: mix(seed, hashString(spec.id)),
    workers: [],
    queue: [],
    completed: 0,
    failed: 0,
    retried: 0,
    closedRuns: [],
    workerSeq: 0,
    simulatedUntil: createdAt,
    traffic: spec.traffic
      ? {
          intervalMs: Math.max(1, Math.round(60_000 / spec.traffic.jobsPerMinute)),
          durationMs: spec.traffic.durationSeconds * 1000,
        }
      : null,
    nextArrivalAt: null,
  };
  if (ep.traffic) ep.nextArrivalAt = createdAt + ep.traffic.intervalMs;
  dispatch(ep, createdAt);
  return ep;
}

function isReady(worker: WorkerRecord, t: number): boolean {
  return worker.readyAt <= t;
}

function isIdle(worker: WorkerRecord, t: number): boolean {
  return isReady(worker, t) && worker.job === null;
}

function spawnWorker(ep: EndpointRecord, t: number): void {
  ep.workerSeq++;
  const pool = ep.pools[0];
  const candidates = (pool ? gpuModelsInPool(pool) : GPU_MODELS).filter(
    (model) => !ep.excludedTypes.includes(model.id),
  );
  const model = candidates[ep.workerSeq % Math.max(1, candidates.length)];
  const dc = DATA_CENTERS[mix(ep.key, ep.workerSeq) % DATA_CENTERS.length];
  let id = '';
  for (let i = 0; i < 8; i++) id += ID_ALPHABET[mix(ep.key, ep.workerSeq, i) % ID_ALPHABET.length];
  ep.workers.push({
    id,
    createdAt: t,
    readyAt: t + ep.coldStartMs,
    version: ep.version,
    gpuTypeId: model?.id ?? null,
    dataCenterId: ep.dataCenterIds[0] ?? dc?.id ?? 'US-KS-2',
    busyUntil: null,
    job: null,
    idleSince: t + ep.coldStartMs,
  });
}

function removeWorker(ep: EndpointRecord, worker: WorkerRecord, t: number): void {
  ep.workers = ep.workers.filter((w) => w !== worker);
  ep.closedRuns.push({ from: worker.createdAt, to: t, ratePerHr: ep.workerRatePerHr });
}

function assignJobs(ep: EndpointRecord, t: number): void {
  for (const worker of ep.workers) {
    if (ep.queue.length === 0) return;
    if (isIdle(worker, t)) {
      const job = ep.queue.shift();
      if (job) {
        worker.job = job;
        worker.busyUntil = t + job.durationMs;
      }
    }
  }
}

/** Hands queued jobs to idle workers, then scales up or down to what the queue needs. */
function dispatch(ep: EndpointRecord, t: number): void {
  assignJobs(ep, t);
  // Shrinking `max` drops idle and initializing workers at once; busy ones finish their job.
  while (ep.workers.length > ep.workersMax) {
    const spare = ep.workers.find((w) => w.job === null);
    if (!spare) break;
    removeWorker(ep, spare, t);
  }
  const initializing = ep.workers.filter((w) => !isReady(w, t)).length;
  const wanted = Math.max(ep.workersMin - ep.workers.length, ep.queue.length - initializing);
  for (let i = 0; i < wanted && ep.workers.length < ep.workersMax; i++) spawnWorker(ep, t);
  // A worker without a cold start is ready at once.
  assignJobs(ep, t);
}

/** The next event strictly after `ep.simulatedUntil`, or null. */
function nextEventAt(ep: EndpointRecord): number | null {
  const now = ep.simulatedUntil;
  let next = Infinity;
  const consider = (at: number) => {
    next = Math.min(next, Math.max(at, now));
  };
  for (const worker of ep.workers) {
    if (worker.readyAt > now) consider(worker.readyAt);
    if (worker.busyUntil !== null) consider(worker.busyUntil);
  }
  if (ep.queue.length === 0 && ep.workers.length > ep.workersMin) {
    for (const worker of ep.workers) {
      if (worker.job === null && isReady(worker, now)) consider(worker.idleSince + ep.idleTimeoutS * 1000);
    }
  }
  if (ep.nextArrivalAt !== null) consider(ep.nextArrivalAt);
  return next === Infinity ? null : next;
}

/** Replays everything that happened up to `to`. */
export function advanceEndpoint(ep: EndpointRecord, to: number): void {
  for (let guard = 0; guard < 1_000_000; guard++) {
    const at = nextEventAt(ep);
    if (at === null || at > to) break;
    ep.simulatedUntil = at;
    for (const worker of ep.workers) {
      if (worker.busyUntil !== null && worker.busyUntil <= at) {
        if (worker.job?.fail) ep.failed++;
        else ep.completed++;
        worker.idleSince = worker.busyUntil;
        worker.busyUntil = null;
        worker.job = null;
      }
    }
    if (ep.traffic && ep.nextArrivalAt !== null && ep.nextArrivalAt <= at) {
      // Durations vary ±50 % around the configured one, deterministically per arrival.
      const jitter = 0.5 + unit(ep.key, ep.nextArrivalAt);
      ep.queue.push({ durationMs: Math.round(ep.traffic.durationMs * jitter), fail: false, enqueuedAt: at });
      ep.nextArrivalAt += ep.traffic.intervalMs;
    }
    dispatch(ep, at);
    if (ep.queue.length === 0) {
      for (const worker of [...ep.workers]) {
        if (ep.workers.length <= ep.workersMin) break;
        if (worker.job === null && isReady(worker, at) && worker.idleSince + ep.idleTimeoutS * 1000 <= at) {
          removeWorker(ep, worker, at);
        }
      }
    }
  }
  ep.simulatedUntil = Math.max(ep.simulatedUntil, to);
}

export function enqueueJobs(
  ep: EndpointRecord,
  count: number,
  durationMs: number,
  fail: boolean,
  t: number,
): void {
  advanceEndpoint(ep, t);
  for (let i = 0; i < count; i++) ep.queue.push({ durationMs, fail, enqueuedAt: t });
  dispatch(ep, t);
}

/** Applies changed worker bounds at `t` (PATCH, control API). */
export function rescale(ep: EndpointRecord, t: number): void {
  advanceEndpoint(ep, t);
  dispatch(ep, t);
}

export type WorkerStatus = 'RUNNING' | 'IDLE' | 'INITIALIZING' | 'THROTTLED' | 'UNHEALTHY';

export function workerStatus(worker: WorkerRecord, t: number): WorkerStatus {
  if (!isReady(worker, t)) return 'INITIALIZING';
  return worker.job ? 'RUNNING' : 'IDLE';
}

export function endpointHealth(ep: EndpointRecord, t: number): ServerlessHealth {
  let idle = 0;
  let running = 0;
  let initializing = 0;
  for (const worker of ep.workers) {
    const status = workerStatus(worker, t);
    if (status === 'IDLE') idle++;
    else if (status === 'RUNNING') running++;
    else initializing++;
  }
  return {
    jobs: {
      completed: ep.completed,
      failed: ep.failed,
      inProgress: running,
      inQueue: ep.queue.length,
      retried: ep.retried,
    },
    // `ready` counts ready workers waiting for work, as the older SDK docs' examples show (= idle).
    workers: { idle, initializing, ready: idle, running, throttled: 0, unhealthy: 0 },
  };
}

/** Every billed interval of the endpoint's workers, the live ones still open. */
export function endpointRuns(ep: EndpointRecord): BillingRun[] {
  return [
    ...ep.closedRuns,
    ...ep.workers.map((worker) => ({ from: worker.createdAt, to: null, ratePerHr: ep.workerRatePerHr })),
  ];
}

export function workerHostSuffix(ep: EndpointRecord, worker: WorkerRecord): string {
  let suffix = '';
  for (let i = 0; i < 8; i++) suffix += HEX_ALPHABET[mix(ep.key, worker.createdAt, i) % 16];
  return suffix;
}

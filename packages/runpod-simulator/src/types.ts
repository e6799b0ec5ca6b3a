/**
 * Public types of the simulator: its options, the pods and endpoints it can be seeded with, and
 * the values the control API hands back.
 */

/** Where the simulator reads time. Podwatch's `FakeClock` (with `set` and `advance`) fits. */
export interface SimClock {
  now(): Date;
}

/** Workload profiles: they drive GPU/CPU/memory utilisation, temperature and power. */
export type ProfileName = 'idle' | 'training' | 'inference' | 'stalled' | 'multi-gpu-one-busy';

export const PROFILE_NAMES: readonly ProfileName[] = [
  'idle',
  'training',
  'inference',
  'stalled',
  'multi-gpu-one-busy',
];

/**
 * Whether a running pod with this profile is doing work (the ground truth a scenario scorecard
 * judges kills by): `stalled` holds memory but computes nothing, so it is idle.
 */
export const PROFILE_BUSY: Readonly<Record<ProfileName, boolean>> = {
  idle: false,
  training: true,
  inference: true,
  stalled: false,
  'multi-gpu-one-busy': true,
};

/** REST v2 pod statuses (`PodStatus` in the spec). */
export type PodStatus = 'PROVISIONING' | 'STARTING' | 'RUNNING' | 'EXITED' | 'ERROR' | 'TERMINATED';

/** REST v2 pod actions (`PodAction` in the spec). */
export type PodAction = 'start' | 'stop' | 'restart' | 'terminate';

/** Statuses a pod can be seeded in. */
export type SimPodInitialStatus = 'PROVISIONING' | 'STARTING' | 'RUNNING' | 'EXITED' | 'ERROR';

/** A pod to seed the simulator with. Everything left out is derived from the seed. */
export interface SimPodInput {
  /** 14 lowercase alphanumerics, RunPod style; generated when left out. */
  id?: string;
  name?: string;
  image?: string;
  /** A GPU type id from the catalog (`GET /v2/catalog/gpus`); default `NVIDIA GeForce RTX 4090`. Ignored for CPU pods. */
  gpuTypeId?: string;
  gpuCount?: number;
  /** Makes a CPU pod (no GPU): flavor id such as `cpu3c`, vCPU count a power of two. */
  cpu?: { flavorId: string; vcpuCount: number };
  profile?: ProfileName;
  /** Default `RUNNING`. */
  status?: SimPodInitialStatus;
  /** For a RUNNING pod: how long its container has been up when the simulator starts. */
  uptimeSeconds?: number;
  /** $/h while it runs; default the catalog price times the GPU count. */
  costPerHr?: number;
  cloud?: 'SECURE' | 'COMMUNITY';
  dataCenterId?: string;
  containerDiskInGb?: number;
  /** Pod volume (`mounts.persistent`); 0 for none, otherwise at least 10. */
  volumeInGb?: number;
  volumeMountPath?: string;
  ports?: string[];
  env?: Record<string, string>;
  locked?: boolean;
  interruptible?: boolean;
  /** Accepts actions but never changes status and keeps billing. */
  stuck?: boolean;
  /**
   * Makes it an Instant Cluster member: `GET /v2/pods` lists it only with
   * `includeClusterPods=true`, and it carries `cluster: {id, rank}`.
   */
  cluster?: { id: string; rank?: number };
}

/** `up` answers GraphQL; `gone` answers every `POST /graphql` with 410 (RunPod's retirement). */
export type GraphqlState = 'up' | 'gone';

/** A serverless endpoint to seed the simulator with. */
export interface SimEndpointInput {
  id?: string;
  name?: string;
  image?: string;
  /** Serverless GPU pool ids, e.g. `ADA_24`; default `["ADA_24"]`. */
  pools?: string[];
  gpuCount?: number;
  workers?: { min?: number; max?: number; idleTimeout?: number };
  /** Seconds from a worker's creation until it is ready; default `transitions.startingSeconds`. */
  coldStartSeconds?: number;
  /** Steady job arrivals derived from the clock (no timers), for a lively demo. Off by default. */
  traffic?: { jobsPerMinute: number; durationSeconds: number };
}

export interface SimTransitions {
  /** PROVISIONING time after create/start; default 2. */
  provisioningSeconds?: number;
  /** STARTING time after provisioning or a restart; default 3. */
  startingSeconds?: number;
  /** Delay before a stop or terminate takes effect (the pod keeps its status and bills meanwhile); default 0. */
  stoppingSeconds?: number;
}

export interface RateLimitPolicy {
  perMinute: number;
  perHour: number;
  perDay: number;
}

/**
 * Live-API quirks seen in the wild (NOTES §1.5). They make responses deviate from the spec on
 * purpose, so that clients can prove they tolerate them; the contract recorder flags them.
 */
export interface SimQuirks {
  /** `createdAt`/`startedAt` in Go `time.String()` form: `2025-12-16 17:44:56.726 +0000 UTC`. */
  goTimestamps?: boolean;
  /** `imageName` instead of `image` on REST pods. */
  imageName?: boolean;
  /** `cost` as a numeric string (`"0.74"`). */
  numericStrings?: boolean;
}

export interface SimulatorOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 1; everything random derives from it. */
  seed?: number;
  /** A number generates a mixed fleet of N pods from the seed. */
  pods?: number | SimPodInput[];
  endpoints?: SimEndpointInput[];
  /** Load `DEMO_FLEET` (before any `pods`/`endpoints`). */
  demo?: boolean;
  /** Real milliseconds added to every RunPod-path request. */
  latencyMs?: number;
  /** Default `'real'`; `'manual'`: the simulator owns a clock that only the control API moves. */
  clock?: SimClock | 'real' | 'manual';
  /** If set, any other bearer key gets 401; otherwise any non-empty key is accepted. */
  apiKey?: string;
  /** Default the documented 60/3000/50000; `false` turns limits (and their headers) off. */
  rateLimit?: RateLimitPolicy | false;
  transitions?: SimTransitions;
  /** `'record'`: validate every REST v2 response against the spec and keep the violations. */
  contract?: 'off' | 'record';
  /** Starting `clientBalance` in USD; default 500. */
  balance?: number;
  quirks?: SimQuirks;
  /** Default `'up'`; `'gone'`: `POST /graphql` answers 410 Gone (also `PUT /__sim/graphql`). */
  graphql?: GraphqlState;
  /**
   * Pods per page of `GET /v2/pods`; when more remain the body carries `nextCursor` and the
   * next page is `?cursor=<nextCursor>`. Default: every pod on one page.
   */
  pageSize?: number;
}

/** A REST v2 response that does not match the OpenAPI document. */
export interface ContractViolation {
  method: string;
  /** The concrete request path. */
  path: string;
  operationId: string | null;
  status: number;
  /** What failed: the status code, the content type, the body or a header. */
  part: 'status' | 'content-type' | 'body' | 'header';
  message: string;
  /** Individual schema errors, `instancePath: message`. */
  errors: string[];
}

export type FaultKind =
  'status' | 'rate-limit' | 'latency' | 'hang' | 'malformed' | 'graphql-error' | 'reset';

export interface FaultInput {
  /**
   * `'*'` (default) or `'<METHOD> <path>'` / `'<path>'`; the path may use `{param}` segments and
   * end in `*`, e.g. `GET /v2/pods`, `POST /v2/pods/{id}/action`, `POST /graphql`, `* /v2/*`.
   */
  route?: string;
  /** Narrows a fault on `POST /graphql` to requests whose operation name or a root field matches. */
  graphql?: string;
  kind: FaultKind;
  /** `status`: the HTTP status (default 500). */
  status?: number;
  /** `rate-limit`: the `Retry-After` seconds (default 1). */
  retryAfterSeconds?: number;
  /** `latency`: real milliseconds added (default 1000). */
  latencyMs?: number;
  /** Text of the error (`detail` or GraphQL `message`). */
  message?: string;
  /** How many requests it applies to; default forever. */
  times?: number;
}

export interface Fault {
  id: string;
  route: string;
  graphql: string | null;
  kind: FaultKind;
  status: number | null;
  retryAfterSeconds: number | null;
  latencyMs: number | null;
  message: string | null;
  /** Applications left; null means forever. */
  remaining: number | null;
  /** How many requests it has been applied to. */
  applied: number;
}

export interface RequestCounts {
  total: number;
  /** Per route, e.g. `GET /v2/pods`, `POST /v2/pods/{id}/action`, `POST /graphql`. */
  routes: Record<string, number>;
  graphql: {
    /** Per operation name (`(anonymous)` for unnamed operations). */
    operations: Record<string, number>;
    /** Per root field, e.g. `myself`, `podStop`. */
    fields: Record<string, number>;
  };
}

/** The simulator's own view of a pod (control API). */
export interface SimPodSummary {
  id: string;
  name: string;
  status: PodStatus;
  profile: ProfileName;
  stuck: boolean;
  gpuTypeId: string | null;
  gpuCount: number;
  costPerHr: number;
  createdAt: string;
}

/**
 * One pod's history as the simulator saw it (control API `GET /__sim/history`): the ground truth
 * scenario scorecards are judged against. Times are epoch milliseconds on the simulator clock.
 */
export interface SimPodHistory {
  id: string;
  name: string;
  /** $/h while it runs. */
  ratePerHr: number;
  /** The profile from `at` on; the first entry is the pod's creation. */
  profiles: { at: number; profile: ProfileName }[];
  /**
   * Billed runs: `from` (boot) to `to` (the stop or terminate took effect; null while it runs);
   * `billedUntil` is when REST `cost` fell to 0 (`to` plus any billing lag).
   */
  runs: { from: number; to: number | null; billedUntil: number | null }[];
  /** Accepted actions: `by` `api` (a RunPod request) or `control` (the control API); `effective` false when a stuck pod ignored it. */
  actions: { at: number; action: PodAction; by: 'api' | 'control'; effective: boolean }[];
}

export interface EnqueueJobsInput {
  count: number;
  durationSeconds: number;
  /** Mark these jobs as failing (they count as `failed` when done). */
  fail?: boolean;
}

export interface ServerlessHealth {
  jobs: { completed: number; failed: number; inProgress: number; inQueue: number; retried: number };
  workers: {
    idle: number;
    initializing: number;
    ready: number;
    running: number;
    throttled: number;
    unhealthy: number;
  };
}

/**
 * The shapes the rest of Podwatch reads. Each is normalised from what RunPod sent (see
 * `normalize.ts`): timestamps are `Date | null`, numbers are numbers, missing optional objects are
 * null, missing counts are 0. Request bodies and query parameters are the spec's own types.
 */
import type { components, operations } from './openapi-v2.generated.js';

type Schemas = components['schemas'];

export type PodAction = Schemas['PodAction'];

/** REST v2 statuses, plus `UNKNOWN` for a value this client does not know (kept in `rawStatus`). */
export type RunpodPodStatus = Schemas['PodStatus'] | 'UNKNOWN';

export interface RunpodPort {
  privatePort: number | null;
  publicPort: number | null;
  /** `http` or `tcp`. */
  type: string | null;
  ip: string | null;
  /** GraphQL only; null from REST. */
  isIpPublic: boolean | null;
}

export interface RunpodGpuUtilization {
  /** GraphQL gives GPU UUIDs (`GPU-e0488b7e-…`); REST gives none, so this is null there. */
  id: string | null;
  utilPercent: number | null;
  memoryUtilPercent: number | null;
}

/** Live utilisation; null on the pod when it is not running. */
export interface RunpodPodRuntime {
  uptimeSeconds: number | null;
  cpuPercent: number | null;
  memoryPercent: number | null;
  gpus: RunpodGpuUtilization[];
  ports: RunpodPort[];
}

export interface RunpodPod {
  id: string;
  name: string;
  status: RunpodPodStatus;
  rawStatus: string | null;
  /** Transitions allowed now (REST v2 `actions`). */
  actions: PodAction[];
  /** `image`, or `imageName` as live responses and older APIs spell it. */
  image: string | null;
  /** USD per hour now (`cost`, or `costPerHr`); 0 when stopped, null when not sent. */
  costPerHr: number | null;
  gpu: { typeId: string; count: number } | null;
  cpu: { flavorId: string; vcpuCount: number | null; memoryGb: number | null } | null;
  cloud: string | null;
  dataCenterId: string | null;
  cudaVersion: string | null;
  templateId: string | null;
  locked: boolean;
  env: Record<string, string>;
  ports: string[];
  args: string | null;
  containerDiskGb: number | null;
  volume: { sizeGb: number | null; mountPath: string | null } | null;
  networkVolume: { id: string; mountPath: string | null } | null;
  /** Set for cluster member pods. */
  clusterId: string | null;
  createdAt: Date | null;
  startedAt: Date | null;
  runtime: RunpodPodRuntime | null;
}

/** One GPU in `latestTelemetry` (GraphQL `GpuTelemetry`). */
export interface RunpodGpuTelemetry {
  id: string | null;
  utilizationPercent: number | null;
  memoryUtilizationPercent: number | null;
  /** From the schema's `temperatureCelcius` (sic). */
  temperatureCelsius: number | null;
  powerWatts: number | null;
}

export interface RunpodLatestTelemetry {
  time: Date | null;
  state: string | null;
  /**
   * As sent. Unlike the GPU metrics (0–100) and REST `runtime` (percent), RunPod's range is
   * undocumented; the simulator's schema and a third-party dashboard treat it as a 0–1 fraction.
   */
  cpuUtilization: number | null;
  /** As sent; see `cpuUtilization`. */
  memoryUtilization: number | null;
  averageGpu: RunpodGpuTelemetry | null;
  gpus: RunpodGpuTelemetry[];
}

/** A pod as GraphQL `myself.pods` / `pod(input:)` reports it, with runtime and latest telemetry. */
export interface RunpodPodTelemetry {
  podId: string;
  name: string | null;
  /**
   * GraphQL `desiredStatus` mapped onto the REST statuses (CREATED → PROVISIONING, RESTARTING →
   * STARTING, PAUSED → EXITED, DEAD → ERROR); the value sent is in `rawStatus`.
   */
  status: RunpodPodStatus;
  rawStatus: string | null;
  costPerHr: number | null;
  image: string | null;
  gpuCount: number | null;
  vcpuCount: number | null;
  memoryInGb: number | null;
  gpuDisplayName: string | null;
  /** The SSH user at ssh.runpod.io. */
  podHostId: string | null;
  lastStatusChange: string | null;
  /** `runtime` is null until the container really runs (NOTES §2.2). */
  runtime: RunpodPodRuntime | null;
  latestTelemetry: RunpodLatestTelemetry | null;
}

/** Result of a GraphQL `podStop` / `podResume`. */
export interface RunpodPodTransition {
  podId: string;
  status: RunpodPodStatus;
  rawStatus: string | null;
  costPerHr: number | null;
  lastStatusChange: string | null;
}

/** `graphql.fleetTelemetry()`: the whole fleet and the account's spend, from one request. */
export interface FleetTelemetry {
  pods: RunpodPodTelemetry[];
  spend: AccountSpend;
}

export interface AccountSpend {
  /** USD per hour over every running resource. */
  currentSpendPerHr: number | null;
  /** Credit left, USD. */
  clientBalance: number | null;
  /** USD per hour cap set on the account. */
  spendLimit: number | null;
}

export interface RunpodEndpoint {
  id: string;
  name: string;
  /** `QUEUE` or `LOAD_BALANCER`. */
  type: string | null;
  computeType: 'GPU' | 'CPU';
  templateId: string | null;
  image: string | null;
  gpu: { pools: string[]; count: number; excludedTypes: string[] } | null;
  cpu: { flavorId: string; vcpuCount: number | null; memoryGb: number | null }[];
  workers: { min: number; max: number; idleTimeoutSeconds: number | null };
  /** `QUEUE_DELAY` (value in seconds) or `REQUEST_COUNT` (value in requests). */
  scaling: { type: string; value: number | null } | null;
  dataCenterIds: string[];
  networkVolumeIds: string[];
  executionTimeoutMs: number | null;
  flashboot: string | null;
  env: Record<string, string>;
  createdAt: Date | null;
}

export interface WorkerSummary {
  running: number;
  idle: number;
  initializing: number;
  throttled: number;
  unhealthy: number;
  total: number;
}

export type RunpodWorkerStatus = Schemas['WorkerStatus'] | 'UNKNOWN';

export interface RunpodWorker {
  id: string;
  status: RunpodWorkerStatus;
  isStale: boolean;
  version: number | null;
  gpuCount: number;
  image: string | null;
  uptimeSeconds: number | null;
  gpuTypeId: string | null;
  dataCenterId: string | null;
  startedAt: Date | null;
}

export interface EndpointWorkers {
  endpointVersion: number | null;
  summary: WorkerSummary;
  workers: RunpodWorker[];
}

/** `GET {serverlessUrl}/{endpointId}/health`; every key that is missing reads as 0. */
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

export interface PodBillingAmounts {
  totalAmount: number;
  gpuAmount: number;
  cpuAmount: number;
  diskAmount: number;
}

export interface PodBillingRecord extends PodBillingAmounts {
  podId: string;
  startTime: Date | null;
  endTime: Date | null;
}

export interface ServerlessBillingAmounts extends PodBillingAmounts {
  feeAmount: number;
}

export interface ServerlessBillingRecord extends ServerlessBillingAmounts {
  serverlessId: string;
  startTime: Date | null;
  endTime: Date | null;
}

export interface BillingPeriod {
  startTime: Date | null;
  endTime: Date | null;
  bucketSize: string | null;
}

export interface PodBilling extends BillingPeriod {
  records: PodBillingRecord[];
  totals: PodBillingAmounts;
}

export interface ServerlessBilling extends BillingPeriod {
  records: ServerlessBillingRecord[];
  totals: ServerlessBillingAmounts;
}

export interface RunpodGpuType {
  id: string;
  name: string;
  pool: string | null;
  manufacturer: string | null;
  memoryGb: number | null;
  secure: boolean;
  community: boolean;
  price: { secure: number | null; community: number | null; serverless: number | null };
  maxCount: { secure: number; community: number };
  /** With `include: ['AVAILABILITY']` only. */
  availability: string | null;
  dataCenters: { id: string; name: string | null; availability: string | null }[];
  cudaVersions: { version: string; available: boolean }[];
}

// Request bodies and filters, straight from the spec.
export type CreatePodRequest = Schemas['CreatePodRequest'];
export type UpdatePodRequest = Schemas['UpdatePodRequest'];
export type UpdateEndpointRequest = Schemas['UpdateEndpointRequest'];
export type ListPodsQuery = NonNullable<operations['listPods']['parameters']['query']>;
/** The spec's billing filters; `startTime`/`endTime` may also be Dates. */
type WithDates<Query> = Omit<Query, 'startTime' | 'endTime'> & {
  startTime?: string | Date;
  endTime?: string | Date;
};
export type PodBillingQuery = WithDates<NonNullable<operations['listPodBilling']['parameters']['query']>>;
export type ServerlessBillingQuery = WithDates<
  NonNullable<operations['listServerlessBilling']['parameters']['query']>
>;
export type GpuTypeQuery = NonNullable<operations['listGpuTypes']['parameters']['query']>;

/**
 * From what RunPod sent to the shapes of `types.ts`. Every function accepts `unknown`: the spec
 * shape, the older or live spellings listed in NOTES §1.5 (imageName, costPerHr, desiredStatus,
 * Go timestamps, numeric strings, diskSpaceBilledGB), and missing keys. They return null for
 * an entity without an id (the caller decides whether that is malformed) and never throw.
 */
import type {
  AccountSpend,
  BillingPeriod,
  EndpointWorkers,
  PodAction,
  PodBilling,
  PodBillingAmounts,
  RunpodEndpoint,
  RunpodGpuTelemetry,
  RunpodGpuType,
  RunpodLatestTelemetry,
  RunpodPod,
  RunpodPodRuntime,
  RunpodPodStatus,
  RunpodPodTelemetry,
  RunpodPodTransition,
  RunpodPort,
  RunpodWorker,
  RunpodWorkerStatus,
  ServerlessBilling,
  ServerlessBillingAmounts,
  ServerlessHealth,
  WorkerSummary,
} from './types.js';
import {
  isObject,
  readBoolean,
  readCount,
  readIdList,
  readNonEmptyString,
  readNumber,
  readObject,
  readString,
  readStringArray,
  readStringMap,
  readTimestamp,
  type JsonObject,
} from './tolerant.js';

const POD_STATUSES: ReadonlySet<string> = new Set([
  'PROVISIONING',
  'STARTING',
  'RUNNING',
  'EXITED',
  'ERROR',
  'TERMINATED',
]);

// GraphQL PodStatus values that REST v2 does not have (NOTES §2.2, §4).
const GRAPHQL_STATUS: Readonly<Record<string, RunpodPodStatus>> = {
  CREATED: 'PROVISIONING',
  RESTARTING: 'STARTING',
  PAUSED: 'EXITED',
  DEAD: 'ERROR',
};

const POD_ACTIONS: ReadonlySet<string> = new Set(['start', 'stop', 'restart', 'terminate']);
const WORKER_STATUSES: ReadonlySet<string> = new Set([
  'RUNNING',
  'IDLE',
  'INITIALIZING',
  'THROTTLED',
  'UNHEALTHY',
]);

export function normalizePodStatus(value: unknown): RunpodPodStatus {
  const text = readString(value)?.trim().toUpperCase();
  if (text === undefined) return 'UNKNOWN';
  if (POD_STATUSES.has(text)) return text as RunpodPodStatus;
  return GRAPHQL_STATUS[text] ?? 'UNKNOWN';
}

function first(object: JsonObject, ...keys: string[]): unknown {
  for (const key of keys) {
    const value = object[key];
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

function readPort(value: unknown): RunpodPort | null {
  const port = readObject(value);
  if (port === null) return null;
  return {
    privatePort: readNumber(first(port, 'private', 'privatePort')),
    publicPort: readNumber(first(port, 'public', 'publicPort')),
    type: readString(port.type),
    ip: readNonEmptyString(port.ip),
    isIpPublic: readBoolean(port.isIpPublic),
  };
}

function readPorts(value: unknown): RunpodPort[] {
  return Array.isArray(value) ? value.map(readPort).filter((port) => port !== null) : [];
}

/** REST v2 `runtime` and GraphQL `runtime` both land here. */
export function normalizeRuntime(value: unknown): RunpodPodRuntime | null {
  const runtime = readObject(value);
  if (runtime === null) return null;
  const container = readObject(runtime.container);
  const gpus = Array.isArray(runtime.gpus) ? runtime.gpus : [];
  return {
    uptimeSeconds: readNumber(first(runtime, 'uptime', 'uptimeInSeconds')),
    cpuPercent: readNumber(readObject(runtime.cpu)?.util ?? container?.cpuPercent),
    memoryPercent: readNumber(readObject(runtime.memory)?.util ?? container?.memoryPercent),
    gpus: gpus.map(readObject).flatMap((gpu) =>
      gpu === null
        ? []
        : [
            {
              id: readNonEmptyString(gpu.id),
              utilPercent: readNumber(first(gpu, 'util', 'gpuUtilPercent')),
              memoryUtilPercent: readNumber(first(gpu, 'memoryUtil', 'memoryUtilPercent')),
            },
          ],
    ),
    ports: readPorts(runtime.ports),
  };
}

export function normalizePod(value: unknown): RunpodPod | null {
  const pod = readObject(value);
  const id = pod ? readNonEmptyString(pod.id) : null;
  if (pod === null || id === null) return null;

  const gpu = readObject(pod.gpu);
  const gpuTypeId = readNonEmptyString(gpu?.id ?? pod.gpuTypeId);
  const cpu = readObject(pod.cpu);
  const mounts = readObject(pod.mounts);
  const persistent = readObject(mounts?.persistent);
  const network = Array.isArray(mounts?.network) ? readObject(mounts.network[0]) : null;
  const networkVolumeId = readNonEmptyString(network?.volumeId ?? pod.networkVolumeId);
  const legacyVolume = readNumber(pod.volumeInGb);
  const rawStatus = readString(first(pod, 'status', 'desiredStatus')) ?? null;

  return {
    id,
    name: readString(pod.name) ?? '',
    status: normalizePodStatus(rawStatus),
    rawStatus,
    actions: readStringArray(pod.actions).filter((action): action is PodAction => POD_ACTIONS.has(action)),
    image: readNonEmptyString(first(pod, 'image', 'imageName')),
    costPerHr: readNumber(first(pod, 'cost', 'costPerHr')),
    gpu: gpuTypeId === null ? null : { typeId: gpuTypeId, count: readCount(gpu?.count ?? pod.gpuCount, 1) },
    cpu:
      cpu === null
        ? null
        : {
            flavorId: readString(cpu.id) ?? '',
            vcpuCount: readNumber(cpu.vcpuCount),
            memoryGb: readNumber(cpu.memory),
          },
    cloud: readNonEmptyString(pod.cloud),
    dataCenterId: readNonEmptyString(pod.dataCenterId),
    cudaVersion: readNonEmptyString(pod.cudaVersion),
    templateId: readNonEmptyString(first(pod, 'template', 'templateId')),
    locked: readBoolean(pod.locked) ?? false,
    env: readStringMap(pod.env),
    // REST sends ["8888/http","22/tcp"], GraphQL "8888/http,22/tcp".
    ports: readIdList(pod.ports),
    args: readNonEmptyString(first(pod, 'args', 'dockerArgs')),
    containerDiskGb: readNumber(first(pod, 'disk', 'containerDiskInGb')),
    volume:
      persistent !== null
        ? { sizeGb: readNumber(persistent.size), mountPath: readNonEmptyString(persistent.path) }
        : legacyVolume !== null && legacyVolume > 0
          ? { sizeGb: legacyVolume, mountPath: readNonEmptyString(pod.volumeMountPath) }
          : null,
    networkVolume:
      networkVolumeId === null ? null : { id: networkVolumeId, mountPath: readNonEmptyString(network?.path) },
    clusterId: readNonEmptyString(readObject(pod.cluster)?.id),
    createdAt: readTimestamp(pod.createdAt),
    startedAt: readTimestamp(first(pod, 'startedAt', 'lastStartedAt')),
    runtime: normalizeRuntime(pod.runtime),
  };
}

function readGpuTelemetry(value: unknown): RunpodGpuTelemetry | null {
  const gpu = readObject(value);
  if (gpu === null) return null;
  return {
    id: readNonEmptyString(gpu.id),
    utilizationPercent: readNumber(gpu.percentUtilization),
    memoryUtilizationPercent: readNumber(gpu.memoryUtilization),
    temperatureCelsius: readNumber(first(gpu, 'temperatureCelcius', 'temperatureCelsius')),
    powerWatts: readNumber(gpu.powerWatts),
  };
}

export function normalizeLatestTelemetry(value: unknown): RunpodLatestTelemetry | null {
  const telemetry = readObject(value);
  if (telemetry === null) return null;
  const gpus = Array.isArray(telemetry.individualGpuMetrics) ? telemetry.individualGpuMetrics : [];
  return {
    time: readTimestamp(telemetry.time),
    state: readString(telemetry.state),
    cpuUtilization: readNumber(telemetry.cpuUtilization),
    memoryUtilization: readNumber(telemetry.memoryUtilization),
    averageGpu: readGpuTelemetry(telemetry.averageGpuMetrics),
    gpus: gpus.map(readGpuTelemetry).filter((gpu) => gpu !== null),
  };
}

export function normalizePodTelemetry(value: unknown): RunpodPodTelemetry | null {
  const pod = readObject(value);
  const podId = pod ? readNonEmptyString(pod.id) : null;
  if (pod === null || podId === null) return null;
  const machine = readObject(pod.machine);
  const rawStatus = readString(pod.desiredStatus);
  return {
    podId,
    name: readString(pod.name),
    status: normalizePodStatus(rawStatus),
    rawStatus,
    costPerHr: readNumber(pod.costPerHr),
    image: readNonEmptyString(first(pod, 'imageName', 'image')),
    gpuCount: readNumber(pod.gpuCount),
    vcpuCount: readNumber(pod.vcpuCount),
    memoryInGb: readNumber(pod.memoryInGb),
    gpuDisplayName: readNonEmptyString(machine?.gpuDisplayName),
    podHostId: readNonEmptyString(machine?.podHostId),
    lastStatusChange: readString(pod.lastStatusChange),
    runtime: normalizeRuntime(pod.runtime),
    latestTelemetry: normalizeLatestTelemetry(pod.latestTelemetry),
  };
}

export function normalizePodTransition(value: unknown): RunpodPodTransition | null {
  const pod = readObject(value);
  const podId = pod ? readNonEmptyString(pod.id) : null;
  if (pod === null || podId === null) return null;
  const rawStatus = readString(pod.desiredStatus);
  return {
    podId,
    status: normalizePodStatus(rawStatus),
    rawStatus,
    costPerHr: readNumber(pod.costPerHr),
    lastStatusChange: readString(pod.lastStatusChange),
  };
}

export function normalizeAccountSpend(value: unknown): AccountSpend | null {
  const myself = readObject(value);
  if (myself === null) return null;
  return {
    currentSpendPerHr: readNumber(myself.currentSpendPerHr),
    clientBalance: readNumber(myself.clientBalance),
    spendLimit: readNumber(myself.spendLimit),
  };
}

export function normalizeEndpoint(value: unknown): RunpodEndpoint | null {
  const endpoint = readObject(value);
  const id = endpoint ? readNonEmptyString(endpoint.id) : null;
  if (endpoint === null || id === null) return null;

  const gpu = readObject(endpoint.gpu);
  const cpus = Array.isArray(endpoint.cpu) ? endpoint.cpu.map(readObject).filter((cpu) => cpu !== null) : [];
  const workers = readObject(endpoint.workers);
  const scaling = readObject(endpoint.scaling);
  const scalingType = readString(scaling?.type ?? endpoint.scalerType);
  const gpuPools = readIdList(gpu?.pools ?? endpoint.gpuIds);

  return {
    id,
    name: readString(endpoint.name) ?? '',
    type: readNonEmptyString(endpoint.type),
    computeType: cpus.length > 0 || readString(endpoint.computeType) === 'CPU' ? 'CPU' : 'GPU',
    templateId: readNonEmptyString(first(endpoint, 'templateId', 'template')),
    image: readNonEmptyString(first(endpoint, 'image', 'imageName')),
    gpu:
      gpu === null && gpuPools.length === 0
        ? null
        : {
            pools: gpuPools,
            count: readCount(gpu?.count ?? endpoint.gpuCount, 1),
            excludedTypes: readStringArray(gpu?.excludedTypes),
          },
    cpu: cpus.map((cpu) => ({
      flavorId: readString(cpu.id) ?? '',
      vcpuCount: readNumber(cpu.vcpuCount),
      memoryGb: readNumber(cpu.memory),
    })),
    workers: {
      min: readCount(workers?.min ?? endpoint.workersMin),
      max: readCount(workers?.max ?? endpoint.workersMax),
      idleTimeoutSeconds: readNumber(workers?.idleTimeout ?? endpoint.idleTimeout),
    },
    scaling:
      scalingType === null
        ? null
        : {
            type: scalingType,
            value: readNumber(scaling?.queueDelay ?? scaling?.requestCount ?? endpoint.scalerValue),
          },
    dataCenterIds: readIdList(first(endpoint, 'dataCenterIds', 'locations')),
    networkVolumeIds: readIdList(first(endpoint, 'networkVolumes', 'networkVolumeIds')),
    executionTimeoutMs: readNumber(first(endpoint, 'timeout', 'executionTimeoutMs')),
    flashboot: readNonEmptyString(endpoint.flashboot),
    env: readStringMap(endpoint.env),
    createdAt: readTimestamp(endpoint.createdAt),
  };
}

export function normalizeWorkerSummary(value: unknown): WorkerSummary {
  const summary = readObject(value) ?? {};
  const counts = {
    running: readCount(summary.running),
    idle: readCount(summary.idle),
    initializing: readCount(summary.initializing),
    throttled: readCount(summary.throttled),
    unhealthy: readCount(summary.unhealthy),
  };
  const sum = counts.running + counts.idle + counts.initializing + counts.throttled + counts.unhealthy;
  return { ...counts, total: readCount(summary.total, sum) };
}

function normalizeWorker(value: unknown): RunpodWorker | null {
  const worker = readObject(value);
  const id = worker ? readNonEmptyString(worker.id) : null;
  if (worker === null || id === null) return null;
  const status = readString(worker.status)?.toUpperCase() ?? '';
  return {
    id,
    status: WORKER_STATUSES.has(status) ? (status as RunpodWorkerStatus) : 'UNKNOWN',
    isStale: readBoolean(worker.isStale) ?? false,
    version: readNumber(worker.version),
    gpuCount: readCount(worker.gpuCount),
    image: readNonEmptyString(first(worker, 'image', 'imageName')),
    uptimeSeconds: readNumber(worker.uptimeSeconds),
    gpuTypeId: readNonEmptyString(worker.gpuTypeId),
    dataCenterId: readNonEmptyString(worker.dataCenterId),
    startedAt: readTimestamp(worker.startedAt),
  };
}

export function normalizeEndpointWorkers(value: unknown): EndpointWorkers {
  const body = readObject(value) ?? {};
  const workers = Array.isArray(body.workers)
    ? body.workers.map(normalizeWorker).filter((w) => w !== null)
    : [];
  return {
    endpointVersion: readNumber(body.endpointVersion),
    summary: normalizeWorkerSummary(body.summary),
    workers,
  };
}

export function normalizeServerlessHealth(value: unknown): ServerlessHealth {
  const body = readObject(value) ?? {};
  const jobs = readObject(body.jobs) ?? {};
  const workers = readObject(body.workers) ?? {};
  return {
    jobs: {
      completed: readCount(jobs.completed),
      failed: readCount(jobs.failed),
      inProgress: readCount(jobs.inProgress),
      inQueue: readCount(jobs.inQueue),
      retried: readCount(jobs.retried),
    },
    workers: {
      idle: readCount(workers.idle),
      initializing: readCount(workers.initializing),
      ready: readCount(workers.ready),
      running: readCount(workers.running),
      throttled: readCount(workers.throttled),
      unhealthy: readCount(workers.unhealthy),
    },
  };
}

function readAmount(object: JsonObject | null, key: string): number {
  return object === null ? 0 : (readNumber(object[key]) ?? 0);
}

function podAmounts(object: JsonObject | null): PodBillingAmounts {
  return {
    totalAmount: readAmount(object, 'totalAmount'),
    gpuAmount: readAmount(object, 'gpuAmount'),
    cpuAmount: readAmount(object, 'cpuAmount'),
    diskAmount: readAmount(object, 'diskAmount'),
  };
}

function serverlessAmounts(object: JsonObject | null): ServerlessBillingAmounts {
  return { ...podAmounts(object), feeAmount: readAmount(object, 'feeAmount') };
}

function sumAmounts<T extends PodBillingAmounts>(records: T[], zero: T): T {
  const total = { ...zero };
  for (const record of records) {
    for (const key of Object.keys(zero) as (keyof T & string)[]) {
      (total[key] as number) += record[key] as number;
    }
  }
  return total;
}

/**
 * What both billing breakdowns share: the queried period, the records `readRecord` accepts, and
 * the totals as sent or, when they are missing, summed from the records.
 */
function normalizeBilling<A extends PodBillingAmounts, R extends A>(
  value: unknown,
  amounts: (object: JsonObject | null) => A,
  readRecord: (record: JsonObject) => R | null,
): BillingPeriod & { records: R[]; totals: A } {
  const body = readObject(value) ?? {};
  const metadata = readObject(body.metadata);
  const query = readObject(metadata?.query);
  const records = (Array.isArray(body.records) ? body.records : []).flatMap((item) => {
    const object = readObject(item);
    const record = object === null ? null : readRecord(object);
    return record === null ? [] : [record];
  });
  const totals = readObject(metadata?.totals);
  return {
    startTime: readTimestamp(query?.startTime),
    endTime: readTimestamp(query?.endTime),
    bucketSize: readNonEmptyString(query?.bucketSize),
    records,
    totals: totals ? amounts(totals) : sumAmounts<A>(records, amounts(null)),
  };
}

/** A record's bucket; `time` is an older spelling of `startTime`. */
function readBucket(record: JsonObject): { startTime: Date | null; endTime: Date | null } {
  return {
    startTime: readTimestamp(first(record, 'startTime', 'time')),
    endTime: readTimestamp(record.endTime),
  };
}

export function normalizePodBilling(value: unknown): PodBilling {
  return normalizeBilling(value, podAmounts, (record) => {
    const podId = readNonEmptyString(record.podId);
    return podId === null ? null : { podId, ...readBucket(record), ...podAmounts(record) };
  });
}

export function normalizeServerlessBilling(value: unknown): ServerlessBilling {
  return normalizeBilling(value, serverlessAmounts, (record) => {
    const serverlessId = readNonEmptyString(first(record, 'serverlessId', 'endpointId'));
    return serverlessId === null
      ? null
      : { serverlessId, ...readBucket(record), ...serverlessAmounts(record) };
  });
}

export function normalizeGpuType(value: unknown): RunpodGpuType | null {
  const gpu = readObject(value);
  const id = gpu ? readNonEmptyString(gpu.id) : null;
  if (gpu === null || id === null) return null;
  const price = readObject(gpu.price);
  const maxCount = readObject(gpu.maxCount);
  const availabilityList = (key: string): JsonObject[] =>
    Array.isArray(gpu[key]) ? (gpu[key] as unknown[]).filter(isObject) : [];
  return {
    id,
    name: readString(gpu.name) ?? id,
    pool: readNonEmptyString(gpu.pool),
    manufacturer: readNonEmptyString(gpu.manufacturer),
    memoryGb: readNumber(gpu.memory),
    secure: readBoolean(gpu.secure) ?? false,
    community: readBoolean(gpu.community) ?? false,
    price: {
      secure: readNumber(price?.secure),
      community: readNumber(price?.community),
      serverless: readNumber(price?.serverless),
    },
    maxCount: { secure: readCount(maxCount?.secure), community: readCount(maxCount?.community) },
    availability: readNonEmptyString(gpu.availability),
    dataCenters: availabilityList('dataCenters').flatMap((dc) => {
      const dcId = readNonEmptyString(dc.id);
      return dcId === null
        ? []
        : [{ id: dcId, name: readString(dc.name), availability: readNonEmptyString(dc.availability) }];
    }),
    cudaVersions: availabilityList('cudaVersions').flatMap((cuda) => {
      const version = readNonEmptyString(cuda.version);
      return version === null ? [] : [{ version, available: readBoolean(cuda.available) ?? false }];
    }),
  };
}

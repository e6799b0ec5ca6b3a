import { findGpuModel } from './catalog.js';
import {
  containerStartedAt,
  parsePorts,
  podActions,
  podCost,
  type PodRecord,
  publicPortFor,
  sampleSubject,
  type TransitionTimes,
} from './pods.js';
import { samplePod } from './profiles.js';
import { type EndpointRecord, workerStatus } from './serverless.js';
import { type PodStatus, type SimQuirks } from './types.js';

/** REST v2 representations (`Pod`, `Endpoint`, `Worker`), exactly as the spec shapes them. */

export function isoTime(ms: number, quirks: SimQuirks): string {
  if (!quirks.goTimestamps) return new Date(ms).toISOString();
  // Go's time.String(): "2025-12-16 17:44:56.726 +0000 UTC".
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)} +0000 UTC`;
}

export function podSshProxy(pod: PodRecord) {
  const username = `${pod.id}-${pod.hostSuffix}`;
  return { host: 'ssh.runpod.io', port: 22, username, command: `ssh ${username}@ssh.runpod.io` };
}

export function podToRest(
  pod: PodRecord,
  status: PodStatus,
  tr: TransitionTimes,
  t: number,
  quirks: SimQuirks,
): Record<string, unknown> {
  const running = status === 'RUNNING';
  const ports = parsePorts(pod.ports);
  const sshIndex = ports.findIndex((p) => p.port === 22 && p.type === 'tcp');
  const startedAt = containerStartedAt(pod, tr, t);
  let runtime: Record<string, unknown> | null = null;
  if (running && startedAt !== null) {
    const sample = samplePod(sampleSubject(pod), t);
    runtime = {
      uptime: Math.max(0, Math.floor((t - startedAt) / 1000)),
      gpus: sample.gpus.map((gpu) => ({ util: gpu.util, memoryUtil: gpu.memoryUtil })),
      cpu: { util: sample.cpuPercent },
      memory: { util: sample.memoryPercent },
      ports: ports.map((p, i) => ({
        private: p.port,
        public: publicPortFor(pod, i),
        type: p.type,
        ip: p.type === 'tcp' ? pod.publicIp : pod.privateIp,
      })),
    };
  }
  const cost = podCost(status, pod, t);
  const body: Record<string, unknown> = {
    id: pod.id,
    name: pod.name,
    [quirks.imageName ? 'imageName' : 'image']: pod.image,
    args: pod.args,
    disk: pod.containerDiskInGb,
    ports: [...pod.ports],
    env: { ...pod.env },
    registry: pod.registry,
    status,
    actions: podActions(pod, status, t),
    mounts: pod.volumeInGb > 0 ? { persistent: { size: pod.volumeInGb, path: pod.volumeMountPath } } : {},
    cloud: pod.cloud,
    dataCenterId: pod.dataCenterId,
    cudaVersion: pod.cudaVersion,
    ssh: {
      proxy: podSshProxy(pod),
      direct:
        running && sshIndex >= 0
          ? {
              host: pod.publicIp,
              port: publicPortFor(pod, sshIndex),
              username: 'root',
              command: `ssh root@${pod.publicIp} -p ${publicPortFor(pod, sshIndex)}`,
            }
          : null,
    },
    template: null,
    cost: quirks.numericStrings ? cost.toFixed(2) : cost,
    locked: pod.locked,
    globalNetworking: pod.globalNetworking
      ? {
          enabled: true,
          ip: `10.${pod.key % 256}.0.${(pod.key >>> 8) % 254 || 1}`,
          internalDns: `${pod.id}.runpod.internal`,
        }
      : { enabled: false },
    runtime,
    createdAt: isoTime(pod.createdAt, quirks),
    startedAt: startedAt === null ? null : isoTime(startedAt, quirks),
  };
  if (pod.cluster) body.cluster = { id: pod.cluster.id, rank: pod.cluster.rank };
  if (pod.gpu) body.gpu = { id: pod.gpu.typeId, count: pod.gpu.count };
  if (pod.cpu) body.cpu = { id: pod.cpu.flavorId, vcpuCount: pod.cpu.vcpuCount, memory: pod.cpu.memoryInGb };
  return body;
}

export function endpointToRest(ep: EndpointRecord, serverlessUrl: string, quirks: SimQuirks) {
  const base = `${serverlessUrl}/${ep.id}`;
  const workers: Record<string, number> = { min: ep.workersMin, max: ep.workersMax };
  // "idleTimeout … omitted from responses" for queue endpoints scaling on request count.
  if (ep.scaling.type === 'QUEUE_DELAY') workers.idleTimeout = ep.idleTimeoutS;
  return {
    id: ep.id,
    name: ep.name,
    type: 'QUEUE',
    requestUrls: {
      run: `${base}/run`,
      runSync: `${base}/runsync`,
      status: `${base}/status`,
      stream: `${base}/stream`,
      cancel: `${base}/cancel`,
      retry: `${base}/retry`,
      purgeQueue: `${base}/purge-queue`,
      health: `${base}/health`,
    },
    image: ep.image,
    args: ep.args,
    disk: ep.disk,
    ports: [...ep.ports],
    env: { ...ep.env },
    registry: ep.registry,
    gpu: {
      pools: [...ep.pools],
      ...(ep.excludedTypes.length > 0 ? { excludedTypes: [...ep.excludedTypes] } : {}),
      count: ep.gpuCount,
      allowedCudaVersions: [...ep.allowedCudaVersions],
      minCudaVersion: ep.minCudaVersion,
    },
    workers,
    scaling: { ...ep.scaling },
    dataCenterIds: [...ep.dataCenterIds],
    networkVolumes: [...ep.networkVolumes],
    timeout: ep.timeoutMs,
    flashboot: ep.flashboot,
    createdAt: isoTime(ep.createdAt, quirks),
  };
}

export function workersToRest(ep: EndpointRecord, t: number, quirks: SimQuirks) {
  const summary = { running: 0, idle: 0, initializing: 0, throttled: 0, unhealthy: 0, total: 0 };
  const workers = ep.workers.map((worker) => {
    const status = workerStatus(worker, t);
    switch (status) {
      case 'RUNNING':
        summary.running++;
        break;
      case 'IDLE':
        summary.idle++;
        break;
      case 'INITIALIZING':
        summary.initializing++;
        break;
      case 'THROTTLED':
        summary.throttled++;
        break;
      case 'UNHEALTHY':
        summary.unhealthy++;
        break;
    }
    summary.total++;
    const ready = status !== 'INITIALIZING';
    return {
      id: worker.id,
      status,
      isStale: worker.version !== ep.version,
      version: worker.version,
      gpuCount: ep.gpuCount,
      image: ep.image,
      uptimeSeconds: ready ? Math.max(0, Math.floor((t - worker.readyAt) / 1000)) : null,
      gpuTypeId: worker.gpuTypeId,
      dataCenterId: worker.dataCenterId,
      startedAt: ready ? isoTime(worker.readyAt, quirks) : null,
    };
  });
  return { workers, summary, endpointVersion: ep.version };
}

export function gpuDisplayName(pod: PodRecord): string {
  if (!pod.gpu) return 'CPU';
  return findGpuModel(pod.gpu.typeId)?.name ?? pod.gpu.typeId;
}

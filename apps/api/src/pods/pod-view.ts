import type { PodPort, PodStatus, PodUtilization, PodView } from '@podwatch/shared';
import type { Pod } from '../generated/prisma/client.js';

/** What the gateway keeps of a pod beyond its columns (`Pod.data`), JSON-safe. */
export interface StoredPodData {
  ports: string[];
  runtimePorts: {
    privatePort: number | null;
    publicPort: number | null;
    type: string | null;
    ip: string | null;
  }[];
  uptimeSeconds: number | null;
  /** Live utilisation from RunPod's runtime at the last look (running pods only). */
  utilization?: PodUtilization | null;
  /** RunPod's SSH proxy user (`<podHostId>@ssh.runpod.io`), from GraphQL. */
  podHostId: string | null;
  cloud: string | null;
  locked: boolean;
  templateId: string | null;
  /** Environment variable names only: values may hold secrets. */
  envNames: string[];
}

export function proxyUrl(podId: string, port: number): string {
  return `https://${podId}-${port}.proxy.runpod.net`;
}

function portsOf(pod: Pod, data: StoredPodData): PodPort[] {
  if (data.runtimePorts.length > 0) {
    return data.runtimePorts
      .filter((port) => port.privatePort !== null)
      .map((port) => ({
        privatePort: port.privatePort!,
        publicPort: port.publicPort,
        type: port.type ?? 'tcp',
        ip: port.ip,
        url: port.type === 'http' ? proxyUrl(pod.id, port.privatePort!) : null,
      }));
  }
  return data.ports.flatMap((spec) => {
    const [number, type = 'tcp'] = spec.split('/');
    const privatePort = Number(number);
    if (!Number.isInteger(privatePort)) return [];
    return [
      {
        privatePort,
        publicPort: null,
        type,
        ip: null,
        url: type === 'http' ? proxyUrl(pod.id, privatePort) : null,
      },
    ];
  });
}

/** `ssh root@ip -p port` over the public 22/tcp mapping, else RunPod's SSH proxy. */
export function sshCommandFor(status: PodStatus, ports: PodPort[], podHostId: string | null): string | null {
  if (status !== 'RUNNING') return null;
  const direct = ports.find((port) => port.privatePort === 22 && port.publicPort !== null && port.ip);
  if (direct) return `ssh root@${direct.ip} -p ${direct.publicPort} -i ~/.ssh/id_ed25519`;
  if (podHostId) return `ssh ${podHostId}@ssh.runpod.io -i ~/.ssh/id_ed25519`;
  return null;
}

export function toPodView(pod: Pod, instanceName: string | null): PodView {
  const data = pod.data as unknown as StoredPodData;
  const ports = portsOf(pod, data);
  return {
    id: pod.id,
    name: pod.name,
    status: pod.status,
    costPerHr: pod.costPerHr,
    gpu:
      pod.gpuCount > 0
        ? { typeId: pod.gpuTypeId, displayName: pod.gpuDisplayName ?? pod.gpuTypeId, count: pod.gpuCount }
        : null,
    vcpuCount: pod.vcpuCount,
    memoryInGb: pod.memoryInGb,
    containerDiskInGb: pod.containerDiskInGb,
    volumeInGb: pod.volumeInGb,
    dataCenterId: pod.dataCenterId,
    image: pod.image,
    createdAt: pod.createdAt?.toISOString() ?? null,
    startedAt: pod.startedAt?.toISOString() ?? null,
    uptimeSeconds: data.uptimeSeconds,
    utilization: pod.status === 'RUNNING' ? (data.utilization ?? null) : null,
    ports,
    sshCommand: sshCommandFor(pod.status, ports, data.podHostId),
    instance: instanceName,
    lastSeenAt: pod.lastSeenAt.toISOString(),
    gone: pod.goneAt !== null,
  };
}

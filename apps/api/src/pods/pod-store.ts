/**
 * Records what RunPod says about pods: the `Pod` table and the live `pod` of the instance that
 * owns each one. Only the gateway calls it, on every read or change, so that the database
 * follows RunPod from one integration point.
 */
import { Injectable } from '@nestjs/common';
import { isPodStatus, type PodStatus, type PodUtilization } from '@podwatch/shared';
import type { RunpodPod, RunpodPodTelemetry } from '@podwatch/runpod-client';
import type { Pod } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { SnapshotStore } from '../snapshots/snapshot-store.js';
import { type StoredPodData, toPodView } from './pod-view.js';

export interface ObservedPod {
  pod: RunpodPod;
  /** GraphQL's view of the same pod (names, specs, temperature, power), when fetched. */
  telemetry: RunpodPodTelemetry | null;
}

function statusOf(pod: RunpodPod): PodStatus {
  return isPodStatus(pod.status) ? pod.status : 'ERROR';
}

function utilizationOf(runtime: NonNullable<RunpodPod['runtime']>): PodUtilization {
  const utils = runtime.gpus.map((gpu) => gpu.utilPercent).filter((u): u is number => u !== null);
  return {
    gpuMaxPercent: utils.length > 0 ? Math.max(...utils) : null,
    cpuPercent: runtime.cpuPercent,
    memoryPercent: runtime.memoryPercent,
  };
}

export function storedData(observed: ObservedPod): StoredPodData {
  const { pod, telemetry } = observed;
  const runtime = pod.runtime ?? telemetry?.runtime ?? null;
  return {
    ports: pod.ports,
    runtimePorts: (runtime?.ports ?? []).map((port) => ({
      privatePort: port.privatePort,
      publicPort: port.publicPort,
      type: port.type,
      ip: port.ip,
    })),
    uptimeSeconds: runtime?.uptimeSeconds ?? null,
    utilization: runtime ? utilizationOf(runtime) : null,
    podHostId: telemetry?.podHostId ?? null,
    cloud: pod.cloud,
    locked: pod.locked,
    templateId: pod.templateId,
    envNames: Object.keys(pod.env).sort(),
  };
}

interface PodRow {
  id: string;
  name: string;
  status: PodStatus;
  image: string | null;
  gpuTypeId: string | null;
  gpuDisplayName: string | null;
  gpuCount: number;
  vcpuCount: number | null;
  memoryInGb: number | null;
  containerDiskInGb: number | null;
  volumeInGb: number | null;
  dataCenterId: string | null;
  costPerHr: number;
  createdAt: Date | null;
  startedAt: Date | null;
  data: StoredPodData;
}

export function podRow(observed: ObservedPod): PodRow {
  const { pod, telemetry } = observed;
  return {
    id: pod.id,
    name: pod.name || telemetry?.name || pod.id,
    status: statusOf(pod),
    image: pod.image ?? telemetry?.image ?? null,
    gpuTypeId: pod.gpu?.typeId ?? null,
    // GraphQL names the GPU; a REST-only record keeps the name known before (the view falls back to the type id).
    gpuDisplayName: telemetry?.gpuDisplayName ?? null,
    gpuCount: pod.gpu?.count ?? telemetry?.gpuCount ?? 0,
    vcpuCount: pod.cpu?.vcpuCount ?? telemetry?.vcpuCount ?? null,
    memoryInGb: pod.cpu?.memoryGb ?? telemetry?.memoryInGb ?? null,
    containerDiskInGb: pod.containerDiskGb,
    volumeInGb: pod.volume?.sizeGb ?? null,
    dataCenterId: pod.dataCenterId,
    costPerHr: pod.costPerHr ?? telemetry?.costPerHr ?? 0,
    createdAt: pod.createdAt,
    startedAt: pod.startedAt,
    data: storedData(observed),
  };
}

@Injectable()
export class PodStore {
  constructor(
    private readonly prisma: PrismaService,
    private readonly snapshots: SnapshotStore,
  ) {}

  /**
   * Upserts the pods in one statement and refreshes the live `pod` of each owning instance.
   * With `complete` (a full listing), pods RunPod no longer lists are marked gone.
   */
  async record(observed: ObservedPod[], at: Date, options: { complete?: boolean } = {}): Promise<Pod[]> {
    const rows = observed.map(podRow);
    // A full listing asks for every owner at once; a single pod's record, for its own.
    const owners = await this.owners(options.complete ? undefined : rows.map((r) => r.id));
    const column = <T>(pick: (row: PodRow) => T) => rows.map(pick);
    const saved =
      rows.length === 0
        ? []
        : await this.prisma.$queryRaw<Pod[]>`
      insert into "Pod" ("id", "name", "status", "instanceId", "image", "gpuTypeId", "gpuDisplayName", "gpuCount", "vcpuCount",
        "memoryInGb", "containerDiskInGb", "volumeInGb", "dataCenterId", "costPerHr", "createdAt", "startedAt", "data",
        "firstSeenAt", "lastSeenAt", "goneAt")
      select t."id", t."name", t."status"::"PodStatus", t."instanceId"::uuid, t."image", t."gpuTypeId", t."gpuDisplayName", t."gpuCount",
        t."vcpuCount", t."memoryInGb", t."containerDiskInGb", t."volumeInGb", t."dataCenterId", t."costPerHr", t."createdAt",
        t."startedAt", t."data"::jsonb, ${at}, ${at}, null
      from unnest(
        ${column((r) => r.id)}::text[], ${column((r) => r.status)}::text[], ${column((r) => r.name)}::text[],
        ${column((r) => owners.get(r.id)?.id ?? null)}::text[], ${column((r) => r.image)}::text[],
        ${column((r) => r.gpuTypeId)}::text[], ${column((r) => r.gpuDisplayName)}::text[], ${column((r) => r.gpuCount)}::int[],
        ${column((r) => r.vcpuCount)}::float8[], ${column((r) => r.memoryInGb)}::float8[],
        ${column((r) => r.containerDiskInGb)}::int[], ${column((r) => r.volumeInGb)}::int[],
        ${column((r) => r.dataCenterId)}::text[], ${column((r) => r.costPerHr)}::float8[],
        ${column((r) => r.createdAt)}::timestamptz[], ${column((r) => r.startedAt)}::timestamptz[],
        ${column((r) => JSON.stringify(r.data))}::text[]
      ) as t("id", "status", "name", "instanceId", "image", "gpuTypeId", "gpuDisplayName", "gpuCount", "vcpuCount", "memoryInGb",
        "containerDiskInGb", "volumeInGb", "dataCenterId", "costPerHr", "createdAt", "startedAt", "data")
      on conflict ("id") do update set
        "name" = excluded."name", "status" = excluded."status", "instanceId" = excluded."instanceId", "image" = excluded."image",
        "gpuTypeId" = excluded."gpuTypeId", "gpuDisplayName" = coalesce(excluded."gpuDisplayName", "Pod"."gpuDisplayName"),
        "gpuCount" = excluded."gpuCount", "vcpuCount" = coalesce(excluded."vcpuCount", "Pod"."vcpuCount"),
        "memoryInGb" = coalesce(excluded."memoryInGb", "Pod"."memoryInGb"), "containerDiskInGb" = excluded."containerDiskInGb",
        "volumeInGb" = excluded."volumeInGb", "dataCenterId" = excluded."dataCenterId", "costPerHr" = excluded."costPerHr",
        "createdAt" = excluded."createdAt", "startedAt" = excluded."startedAt",
        "data" = excluded."data" || jsonb_build_object('podHostId',
          coalesce(nullif(excluded."data"->'podHostId', 'null'::jsonb), "Pod"."data"->'podHostId', 'null'::jsonb)),
        "lastSeenAt" = excluded."lastSeenAt", "goneAt" = null
      returning *`;
    if (options.complete) {
      await this.prisma.pod.updateMany({
        where: { goneAt: null, lastSeenAt: { lt: at } },
        data: { goneAt: at, status: 'TERMINATED', costPerHr: 0 },
      });
    }
    await this.snapshots.podsRecorded(
      saved.flatMap((pod) => {
        const owner = owners.get(pod.id);
        return owner ? [{ instanceId: owner.id, podId: pod.id, view: toPodView(pod, owner.name) }] : [];
      }),
    );
    return saved;
  }

  /** A pod that RunPod says is gone (terminated, 404): marked gone, and cleared from its instance's live view. */
  async recordGone(podId: string, at: Date): Promise<void> {
    await this.prisma.pod.updateMany({
      where: { id: podId, goneAt: null },
      data: { goneAt: at, status: 'TERMINATED', costPerHr: 0 },
    });
    const pod = await this.prisma.pod.findUnique({ where: { id: podId } });
    const owner = (await this.owners([podId])).get(podId);
    if (pod && owner) {
      await this.snapshots.podsRecorded([{ instanceId: owner.id, podId, view: toPodView(pod, owner.name) }]);
    }
  }

  /** podId → the active instance that owns it (of `podIds` only, when given). */
  private async owners(podIds?: string[]): Promise<Map<string, { id: string; name: string }>> {
    const instances = await this.prisma.instance.findMany({
      where: { archivedAt: null, podId: podIds ? { in: podIds } : { not: null } },
      select: { id: true, name: true, podId: true },
    });
    return new Map(instances.map((i) => [i.podId!, { id: i.id, name: i.name }]));
  }
}

import { ApiProperty } from '@nestjs/swagger';
import {
  type GpuInfo,
  POD_STATUSES,
  type PodPort,
  type PodStatus,
  type PodUtilization,
  type PodView,
} from '@podwatch/shared';

export class GpuInfoDto implements GpuInfo {
  @ApiProperty({ type: String, nullable: true, example: 'NVIDIA GeForce RTX 4090' })
  typeId: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'RTX 4090' })
  displayName: string | null;

  @ApiProperty({ example: 1 })
  count: number;
}

export class PodPortDto implements PodPort {
  @ApiProperty({ description: 'The port inside the pod', example: 8888 })
  privatePort: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The port on `ip` it is mapped to (null until RunPod maps it)',
    example: 45990,
  })
  publicPort: number | null;

  @ApiProperty({ description: '`http` or `tcp` as RunPod reports it', example: 'http' })
  type: string;

  @ApiProperty({ type: String, nullable: true, example: '100.65.154.141' })
  ip: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'RunPod’s proxy URL, for http ports',
    example: 'https://n2b5d8f1g4k7mc-8888.proxy.runpod.net',
  })
  url: string | null;
}

/** A pod as last collected: in GET /pods, an instance's `pod` and the dashboard's unmanaged pods. */
export class PodUtilizationDto implements PodUtilization {
  @ApiProperty({ type: Number, nullable: true, description: 'Busiest GPU, percent', example: 96 })
  gpuMaxPercent: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 43 })
  cpuPercent: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 69 })
  memoryPercent: number | null;
}

export class PodDto implements PodView {
  @ApiProperty({ description: 'RunPod’s pod id', example: 'n2b5d8f1g4k7mc' })
  id: string;

  @ApiProperty({ example: 'notebook' })
  name: string;

  @ApiProperty({ enum: POD_STATUSES, example: 'RUNNING' })
  status: PodStatus;

  @ApiProperty({ description: 'USD per hour now (0 once EXITED)', example: 0.69 })
  costPerHr: number;

  @ApiProperty({ type: () => GpuInfoDto, nullable: true, description: 'null: a CPU pod' })
  gpu: GpuInfo | null;

  @ApiProperty({ type: Number, nullable: true, example: 16 })
  vcpuCount: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 46 })
  memoryInGb: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 50 })
  containerDiskInGb: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 20 })
  volumeInGb: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'US-TX-3' })
  dataCenterId: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'runpod/pytorch:1.0.2-cu1281-torch280-ubuntu2404' })
  image: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T08:38:57.398Z' })
  createdAt: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When it last started running',
    example: '2026-11-22T08:39:02.398Z',
  })
  startedAt: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 12057 })
  uptimeSeconds: number | null;

  @ApiProperty({
    type: () => PodUtilizationDto,
    nullable: true,
    description: 'Live utilisation RunPod reported at the last look; null unless the pod runs',
  })
  utilization: PodUtilization | null;

  @ApiProperty({ type: () => PodPortDto, isArray: true })
  ports: PodPort[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Over the public 22/tcp mapping, else RunPod’s SSH proxy; null unless RUNNING',
    example: 'ssh root@78.27.169.99 -p 45991 -i ~/.ssh/id_ed25519',
  })
  sshCommand: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The instance that owns the pod; null for an unmanaged pod',
    example: 'notebook',
  })
  instance: string | null;

  @ApiProperty({ description: 'The last collection that listed it', example: '2026-11-22T12:00:00.000Z' })
  lastSeenAt: string;

  @ApiProperty({ description: 'RunPod no longer lists it (terminated)', example: false })
  gone: boolean;
}

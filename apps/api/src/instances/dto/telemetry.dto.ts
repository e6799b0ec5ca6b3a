import { ApiProperty } from '@nestjs/swagger';
import type { GpuTelemetry, TelemetryPoint, TelemetrySeries, TelemetryView } from '@podwatch/shared';

const SOURCES: TelemetryView['source'][] = ['runpod', 'agent'];
const RESOLUTIONS: TelemetrySeries['resolution'][] = ['raw', '5m', '1h'];

export class GpuTelemetryDto implements GpuTelemetry {
  @ApiProperty({ example: 0 })
  index: number;

  @ApiProperty({ type: String, nullable: true, example: 'GPU-098b49d1-561c-e561-c688-787474076bda' })
  id: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 97 })
  utilPercent: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Memory bandwidth utilisation', example: 84 })
  memoryUtilPercent: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 70 })
  temperatureC: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 391.9 })
  powerWatts: number | null;
}

/** The latest sample of an instance's pod (percentages are 0–100). */
export class TelemetryDto implements TelemetryView {
  @ApiProperty({ example: '2026-11-22T12:00:00.000Z' })
  time: string;

  @ApiProperty({ enum: SOURCES, description: 'RunPod’s figures or the pod agent’s', example: 'runpod' })
  source: 'runpod' | 'agent';

  @ApiProperty({ type: Number, nullable: true, example: 62 })
  cpuPercent: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 69 })
  memoryPercent: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The busiest GPU: what activity is judged on',
    example: 97,
  })
  gpuUtilMax: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 97 })
  gpuUtilAvg: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 84 })
  gpuMemPercent: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'The hottest GPU', example: 70 })
  temperatureC: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'All GPUs together', example: 391.9 })
  powerWatts: number | null;

  @ApiProperty({ type: () => GpuTelemetryDto, isArray: true })
  gpus: GpuTelemetry[];

  @ApiProperty({
    enum: ['runpod', 'agent'],
    nullable: true,
    required: false,
    description:
      'Where temperatureC and powerWatts come from: RunPod GraphQL or the pod agent’s latest report; null: not available',
    example: 'runpod',
  })
  thermalSource?: 'runpod' | 'agent' | null;

  @ApiProperty({
    type: String,
    nullable: true,
    required: false,
    description:
      'Why RunPod’s temperature and power are missing (GraphQL failed, retired or off); null when fresh',
    example: null,
  })
  thermalStale?: string | null;
}

/** One bucket: averages over its samples. */
export class TelemetryPointDto implements TelemetryPoint {
  @ApiProperty({ description: 'Start of the bucket', example: '2026-11-22T11:00:00.000Z' })
  time: string;

  @ApiProperty({ description: 'Samples averaged into it', example: 12 })
  samples: number;

  @ApiProperty({ type: Number, nullable: true, example: 62 })
  cpuPercent: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 69 })
  memoryPercent: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 97 })
  gpuUtilMax: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 95.5 })
  gpuUtilAvg: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 84 })
  gpuMemPercent: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 70 })
  temperatureC: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 391.9 })
  powerWatts: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 0.69 })
  costPerHr: number | null;

  @ApiProperty({
    type: 'array',
    items: { type: 'number', nullable: true },
    description: 'Average utilisation of each GPU over the bucket, in index order (null: not reported)',
    example: [97, 94],
  })
  gpuUtil: (number | null)[];
}

export class TelemetrySeriesDto implements TelemetrySeries {
  @ApiProperty({ example: 'notebook' })
  instance: string;

  @ApiProperty({
    type: [String],
    description: 'Pods of the instance that have samples in the range',
    example: ['n2b5d8f1g4k7mc'],
  })
  podIds: string[];

  @ApiProperty({ example: '2026-11-22T11:00:00.000Z' })
  from: string;

  @ApiProperty({ example: '2026-11-22T12:00:00.000Z' })
  to: string;

  @ApiProperty({ description: 'Width of each point', example: 12 })
  bucketSeconds: number;

  @ApiProperty({
    enum: RESOLUTIONS,
    description: 'Which table served it: raw samples (≤ 24 h), 5-minute (≤ 90 days) or hourly rollups',
    example: 'raw',
  })
  resolution: 'raw' | '5m' | '1h';

  @ApiProperty({ type: () => TelemetryPointDto, isArray: true, description: 'Oldest first' })
  points: TelemetryPoint[];
}

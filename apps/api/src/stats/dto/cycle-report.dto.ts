import { ApiProperty } from '@nestjs/swagger';
import type { CycleReport } from '../../common/collection-events.js';

/** What one collection cycle did (RunPod → snapshots, history, activity). */
export class CycleReportDto implements CycleReport {
  @ApiProperty({
    description: 'RunPod was read; false: the last data is kept and marked stale (see `error`)',
    example: true,
  })
  ok: boolean;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-22T12:00:00.000Z' })
  startedAt: Date;

  @ApiProperty({ example: 98 })
  durationMs: number;

  @ApiProperty({ description: 'Pods RunPod listed', example: 12 })
  pods: number;

  @ApiProperty({ description: 'Telemetry samples stored', example: 11 })
  samples: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why RunPod could not be read; null when `ok`',
    example: null,
  })
  error: string | null;
}

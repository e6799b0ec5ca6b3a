import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsInt, Max, Min } from 'class-validator';
import { Optional } from '../../common/optional.js';
import { QueryLimit } from '../../common/query-limit.js';

export class TelemetryQueryDto {
  @ApiPropertyOptional({
    description: 'Start of the range (ISO-8601). Default: one hour before `to`.',
    example: '2026-11-22T10:00:00Z',
  })
  @Optional()
  @Type(() => Date)
  @IsDate({ message: 'from must be an ISO-8601 date-time' })
  from?: Date;

  @ApiPropertyOptional({
    description: 'End of the range (ISO-8601). Default: now.',
    example: '2026-11-22T11:00:00Z',
  })
  @Optional()
  @Type(() => Date)
  @IsDate({ message: 'to must be an ISO-8601 date-time' })
  to?: Date;

  @ApiPropertyOptional({ description: 'At most this many buckets', default: 300, minimum: 1, maximum: 2000 })
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'points must be a whole number' })
  @Min(1)
  @Max(2000)
  points?: number;

  @ApiPropertyOptional({
    description: 'Which telemetry: RunPod’s or the pod agent’s',
    enum: ['runpod', 'agent'],
    default: 'runpod',
  })
  @Optional()
  @IsIn(['runpod', 'agent'])
  source?: 'runpod' | 'agent';
}

export class TimelineQueryDto {
  @QueryLimit(100, 1000, 'At most this many entries')
  limit?: number;
}

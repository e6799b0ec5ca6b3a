import { ApiProperty } from '@nestjs/swagger';
import type { BalanceEstimate } from '@podwatch/shared';
import { IsISO8601, IsNumber, Max, Min } from 'class-validator';
import { Optional } from '../../common/optional.js';
import { BalanceEstimateDto } from './costs.dto.js';

export class SetBalanceDto {
  @ApiProperty({ description: 'Credit left (USD), as the RunPod console shows it', example: 500 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-1_000_000)
  @Max(100_000_000)
  amount: number;

  @ApiProperty({
    required: false,
    description: 'When the balance was read (ISO 8601); default now',
    example: '2026-12-03T10:00:00Z',
  })
  @Optional()
  @IsISO8601({ strict: true })
  at?: string;
}

export class AccountBalanceDto {
  @ApiProperty({ type: Number, nullable: true, example: 486.6 })
  balance: number | null;

  @ApiProperty({ enum: ['actual', 'estimated'], nullable: true, example: 'estimated' })
  basis: 'actual' | 'estimated' | null;

  @ApiProperty({ type: () => BalanceEstimateDto, nullable: true })
  estimate: BalanceEstimate | null;

  @ApiProperty({ type: String, nullable: true, example: 'RunPod GraphQL is retired (410 Gone)' })
  stale: string | null;
}

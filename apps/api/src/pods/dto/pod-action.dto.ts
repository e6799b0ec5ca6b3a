import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { QueryBoolean } from '../../common/query-boolean.js';
import { IsBoolean, IsIn } from 'class-validator';
import { Optional } from '../../common/optional.js';

export const POD_ACTIONS = ['start', 'stop', 'restart', 'terminate'] as const;

export class PodActionDto {
  @ApiProperty({ enum: POD_ACTIONS, example: 'stop' })
  @IsIn(POD_ACTIONS, { message: `action must be one of ${POD_ACTIONS.join(', ')}` })
  action: (typeof POD_ACTIONS)[number];
}

export class PodsQueryDto {
  @ApiPropertyOptional({ description: 'Only pods that belong to no instance' })
  @Optional()
  @QueryBoolean()
  @IsBoolean({ message: 'unmanaged must be true or false' })
  unmanaged?: boolean;

  @ApiPropertyOptional({ description: 'Also list pods RunPod no longer has (terminated)' })
  @Optional()
  @QueryBoolean()
  @IsBoolean({ message: 'includeGone must be true or false' })
  includeGone?: boolean;
}

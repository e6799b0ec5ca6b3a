import { ApiPropertyOptional } from '@nestjs/swagger';
import { QueryBoolean } from '../../common/query-boolean.js';
import { IsBoolean, IsString, Matches } from 'class-validator';
import { Optional } from '../../common/optional.js';
import { INSTANCE_NAME } from '../../config/podwatch-config.js';
import { QueryLimit } from '../../common/query-limit.js';

export class PruneRequestDto {
  @ApiPropertyOptional({ description: 'Only this instance (default: every instance)', example: 'notebook' })
  @Optional()
  @IsString()
  @Matches(INSTANCE_NAME, {
    message: 'instance must be an instance name (lowercase letters, digits, dashes)',
  })
  instance?: string;

  @ApiPropertyOptional({ description: 'Decide and report, change nothing', default: false })
  @Optional()
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;
}

export class PruneRunsQueryDto {
  @QueryLimit(50, 500)
  limit?: number;

  @ApiPropertyOptional({ description: 'Only runs that did something (any audited step)', default: false })
  @Optional()
  @QueryBoolean()
  @IsBoolean({ message: 'actionsOnly must be true or false' })
  actionsOnly?: boolean;
}

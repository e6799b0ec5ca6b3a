import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AgentHeartbeat, AgentSessionView, AgentStatus } from '@podwatch/shared';
import { IsBoolean, IsIn, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { Optional } from '../../common/optional.js';
import { QueryBoolean } from '../../common/query-boolean.js';

const STATUSES: AgentStatus[] = ['active', 'working', 'idle'];

export class AgentHeartbeatDto implements AgentHeartbeat {
  @ApiPropertyOptional({
    description: 'The pod the agent works in (or give `instance`)',
    example: 'n2b5d8f1g4k7mc',
  })
  @ValidateIf((body: AgentHeartbeatDto) => body.podId !== undefined || body.instance === undefined)
  @IsString({ message: 'podId or instance is required' })
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'podId must be a RunPod pod id' })
  podId?: string;

  @ApiPropertyOptional({ description: 'The instance whose pod the agent works in', example: 'notebook' })
  @Optional()
  @IsString()
  @MaxLength(63)
  instance?: string;

  @ApiProperty({ description: 'Who is reporting, e.g. the agent’s name', example: 'claude-code' })
  @IsString({ message: 'agent must be a string' })
  @MinLength(1, { message: 'agent must not be empty' })
  @MaxLength(100, { message: 'agent must be at most 100 characters' })
  agent: string;

  @ApiProperty({
    enum: STATUSES,
    description: '`working` counts as activity and resets the instance’s countdown',
    example: 'working',
  })
  @IsIn(STATUSES, { message: `status must be one of ${STATUSES.join(', ')}` })
  status: AgentStatus;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'fine-tuning run 3 of 5' })
  @Optional({ nullable: true })
  @IsString()
  @MaxLength(500, { message: 'currentTask must be at most 500 characters' })
  currentTask?: string | null;
}

export class AgentsQueryDto {
  @ApiPropertyOptional({
    description: 'Only sessions whose last heartbeat is under 2 minutes old (true) or older (false)',
  })
  @Optional()
  @QueryBoolean()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;

  @ApiPropertyOptional({ example: 'notebook' })
  @Optional()
  @IsString()
  instance?: string;

  @ApiPropertyOptional({ example: 'n2b5d8f1g4k7mc' })
  @Optional()
  @IsString()
  podId?: string;
}

export class AgentSessionDto implements AgentSessionView {
  @ApiProperty({ example: 'n2b5d8f1g4k7mc' })
  podId: string;

  @ApiProperty({ type: String, nullable: true, example: 'notebook' })
  instance: string | null;

  @ApiProperty({ example: 'claude-code' })
  agent: string;

  @ApiProperty({ enum: STATUSES, example: 'working' })
  status: AgentStatus;

  @ApiProperty({ type: String, nullable: true, example: 'fine-tuning run 3 of 5' })
  currentTask: string | null;

  @ApiProperty({
    description: 'When this session began (after 2 minutes without a heartbeat a new one begins)',
    example: '2026-11-22T11:00:00.000Z',
  })
  startedAt: string;

  @ApiProperty({ example: '2026-11-22T12:00:00.000Z' })
  lastHeartbeat: string;

  @ApiProperty({ description: 'Last heartbeat under 2 minutes old', example: true })
  active: boolean;
}

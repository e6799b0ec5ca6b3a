import { ApiProperty } from '@nestjs/swagger';
import type {
  AgentDisk,
  AgentGpu,
  AgentGpuProcess,
  AgentReportActivity,
  AgentSourceName,
  AgentSshConnection,
  AgentTmuxSession,
  InstanceAgentView,
} from '@podwatch/shared';
import {
  AgentDiskDto,
  AgentGpuDto,
  AgentGpuProcessDto,
  AgentReportActivityDto,
  AgentSshConnectionDto,
  AgentTmuxSessionDto,
} from '../../agents/dto/agent-report.dto.js';

export class AgentUnavailableSourceDto {
  @ApiProperty({
    type: String,
    description: '`gpu`, `cpu`, `memory`, `network`, `ssh`, `tmux` or `disk:<path>`',
    example: 'tmux',
  })
  source: AgentSourceName;

  @ApiProperty({ example: 'tmux not found: no tmux on the PATH' })
  reason: string;
}

/**
 * The newest report of `podwatch agent` from an instance's pod (same shapes as POST /agents/report).
 */
export class InstanceAgentDto implements InstanceAgentView {
  @ApiProperty({ description: 'The report’s time on the API’s clock', example: '2026-11-22T11:59:51.000Z' })
  reportedAt: string;

  @ApiProperty({
    description: 'Reported within the last 2 minutes (or three of its intervals, if longer)',
    example: true,
  })
  current: boolean;

  @ApiProperty({ example: 'n2b5d8f1g4k7mc' })
  hostname: string;

  @ApiProperty({ type: () => AgentGpuDto, isArray: true })
  gpus: AgentGpu[];

  @ApiProperty({
    type: () => AgentGpuProcessDto,
    isArray: true,
    description: 'Processes holding a GPU context (inside a container nvidia-smi often lists none)',
  })
  processes: AgentGpuProcess[];

  @ApiProperty({
    type: () => AgentSshConnectionDto,
    isArray: true,
    nullable: true,
    description: 'Open SSH connections; null: the agent could not read them (see `unavailable`)',
  })
  sshSessions: AgentSshConnection[] | null;

  @ApiProperty({
    type: () => AgentTmuxSessionDto,
    isArray: true,
    nullable: true,
    description: 'null: the agent could not read them (see `unavailable`)',
    example: null,
  })
  tmuxSessions: AgentTmuxSession[] | null;

  @ApiProperty({ type: Number, nullable: true, example: 1.2 })
  cpuPercent: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 5 })
  memoryPercent: number | null;

  @ApiProperty({
    type: () => AgentDiskDto,
    isArray: true,
    description: 'Each watched path: its usage, or `available: false` and why',
  })
  disks: AgentDisk[];

  @ApiProperty({
    type: () => AgentReportActivityDto,
    isArray: true,
    description: 'What this report reset the countdown with; empty when the pod looked idle',
  })
  activity: AgentReportActivity[];

  @ApiProperty({
    type: () => AgentUnavailableSourceDto,
    isArray: true,
    description: 'Sources it could not read',
  })
  unavailable: { source: AgentSourceName; reason: string }[];
}

import { ApiProperty } from '@nestjs/swagger';
import type {
  ActivitySignal,
  AgentSessionView,
  CountdownState,
  InstanceAgentView,
  InstanceConfigView,
  InstanceSnapshot,
  InstanceType,
  LastActivity,
  OnIdle,
  PodView,
  ServerlessEndpointView,
  TelemetryView,
  WorkerCounts,
} from '@podwatch/shared';
import { AgentSessionDto } from '../../agents/dto/agents.dto.js';
import { PodDto } from '../../pods/dto/pod-view.dto.js';
import { InstanceAgentDto } from './instance-agent.dto.js';
import { TelemetryDto } from './telemetry.dto.js';

export const ACTIVITY_SIGNALS: ActivitySignal[] = [
  'activity',
  'start',
  'extend',
  'gpu',
  'agent',
  'agent-gpu',
  'gpu-process',
  'ssh-session',
  'pod-start',
  'workers',
];
export const ACTIVITY_SIGNALS_DESCRIPTION =
  '`activity` (POST /instances/{name}/activity), `start`, `extend`, `gpu` (a RunPod sample at or above the ' +
  'threshold), `agent` (a heartbeat with status working), `agent-gpu`, `gpu-process`, `ssh-session` (from an ' +
  'agent report), `pod-start`, `workers` (a serverless endpoint had workers)';
const STATES: CountdownState[] = ['active', 'counting', 'pruning', 'stopped', 'protected', 'unknown'];
const INSTANCE_TYPES: InstanceType[] = ['pod', 'serverless'];
const ON_IDLE: OnIdle[] = ['stop', 'terminate', 'confirm', 'scaleToZero'];

/** An instance's settings, from podwatch.yaml or the API. */
export class InstanceConfigDto implements InstanceConfigView {
  @ApiProperty({ example: 'notebook' })
  name: string;

  @ApiProperty({ enum: INSTANCE_TYPES, example: 'pod' })
  type: InstanceType;

  @ApiProperty({
    enum: ['config', 'api'],
    description: 'Declared in podwatch.yaml or by the API',
    example: 'config',
  })
  source: 'config' | 'api';

  @ApiProperty({ type: String, nullable: true, example: 'n2b5d8f1g4k7mc' })
  podId: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Serverless instances', example: null })
  endpointId: string | null;

  @ApiProperty({ description: 'Idle this long and the pod is pruned', example: 1200 })
  inactivitySeconds: number;

  @ApiProperty({
    enum: ON_IDLE,
    description: 'What prune does once the countdown reaches zero',
    example: 'stop',
  })
  onIdle: OnIdle;

  @ApiProperty({ enum: ['report', 'terminate'], example: 'report' })
  onOrphan: 'report' | 'terminate';

  @ApiProperty({ description: 'Shown, never pruned', example: false })
  protect: boolean;

  @ApiProperty({ description: 'A GPU at or above this percent counts as activity', example: 10 })
  gpuUtilThreshold: number;

  @ApiProperty({ description: 'The pre-kill warning goes out this long before `killAt`', example: 300 })
  warnBeforeSeconds: number;

  @ApiProperty({ description: 'It has a create spec: start can make a new pod', example: false })
  canCreate: boolean;
}

export class LastActivityDto implements LastActivity {
  @ApiProperty({ enum: ACTIVITY_SIGNALS, description: ACTIVITY_SIGNALS_DESCRIPTION, example: 'gpu' })
  signal: ActivitySignal;

  @ApiProperty({ example: '2026-11-22T11:45:00.000Z' })
  at: string;

  @ApiProperty({ type: String, nullable: true, example: 'GPU 0 at 64% (threshold 10%)' })
  detail: string | null;
}

export class WorkerCountsDto implements WorkerCounts {
  @ApiProperty({ example: 1 })
  running: number;

  @ApiProperty({ example: 1 })
  idle: number;

  @ApiProperty({ example: 0 })
  initializing: number;

  @ApiProperty({ example: 0 })
  throttled: number;

  @ApiProperty({ example: 0 })
  unhealthy: number;

  @ApiProperty({ example: 2 })
  total: number;
}

/** A RunPod serverless endpoint and its workers, as last collected. */
export class ServerlessEndpointDto implements ServerlessEndpointView {
  @ApiProperty({ example: 'e5m8b2d9k3w7qa' })
  id: string;

  @ApiProperty({ example: 'embeddings' })
  name: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'null: no instance watches it',
    example: 'embeddings',
  })
  instance: string | null;

  @ApiProperty({ example: 0 })
  workersMin: number;

  @ApiProperty({ example: 3 })
  workersMax: number;

  @ApiProperty({ type: () => WorkerCountsDto })
  workers: WorkerCounts;

  @ApiProperty({ example: '2026-11-22T12:00:00.000Z' })
  lastSeenAt: string;
}

/** An instance's live stats and countdown. */
export class InstanceSnapshotDto implements InstanceSnapshot {
  @ApiProperty({ example: 'notebook' })
  instance: string;

  @ApiProperty({ type: () => InstanceConfigDto })
  config: InstanceConfigView;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T12:00:00.120Z' })
  updatedAt: string | null;

  @ApiProperty({
    type: () => PodDto,
    nullable: true,
    description: 'The pod as last collected; null when the instance has no pod (or is serverless)',
  })
  pod: PodView | null;

  @ApiProperty({
    type: () => TelemetryDto,
    nullable: true,
    description: 'The latest sample; null once prune flushed the live stats, or before any',
  })
  telemetry: TelemetryView | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The last activity of any signal: the countdown runs from here',
    example: '2026-11-22T11:45:00.000Z',
  })
  lastRunAt: string | null;

  @ApiProperty({ type: () => LastActivityDto, nullable: true, description: 'What last reset the countdown' })
  lastActivity: LastActivity | null;

  @ApiProperty({ example: 1200 })
  inactivitySeconds: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: '`lastRunAt` (or the pod’s start) + `inactivitySeconds`: when it may be pruned',
    example: '2026-11-22T12:05:00.000Z',
  })
  killAt: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Seconds left when the response was made; tick locally from `killAt`',
    example: 300,
  })
  timeUntilKill: number | null;

  @ApiProperty({
    enum: STATES,
    description:
      '`active`: busy right now; `counting` down; `pruning`: at zero; `stopped`; `protected`; `unknown`: not collected yet',
    example: 'counting',
  })
  state: CountdownState;

  @ApiProperty({ description: 'No fresh data: prune will not act on it', example: false })
  stale: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'Why it is stale, e.g. `no successful collection since …`',
  })
  staleReason: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  staleSince: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The last successful collection covering this instance',
    example: '2026-11-22T12:00:00.000Z',
  })
  collectedAt: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When prune last cleared the live stats after a confirmed stop',
    example: null,
  })
  flushedAt: string | null;

  @ApiProperty({
    type: () => ServerlessEndpointDto,
    nullable: true,
    description: 'Serverless instances: the endpoint and its workers',
  })
  serverless: ServerlessEndpointView | null;

  @ApiProperty({ type: () => AgentSessionDto, isArray: true, description: 'Agent sessions in its pod' })
  agents: AgentSessionView[];

  @ApiProperty({
    type: () => InstanceAgentDto,
    nullable: true,
    description:
      'The newest report of `podwatch agent` from its pod; null when none arrived in the last hour',
  })
  agent: InstanceAgentView | null;
}

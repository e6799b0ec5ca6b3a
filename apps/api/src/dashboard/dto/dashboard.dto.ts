import { ApiProperty } from '@nestjs/swagger';
import type {
  CollectorStatus,
  DashboardResponse,
  FleetKpis,
  GraphqlHealth,
  InstanceSnapshot,
  PodView,
  RunpodBudgetStatus,
  ServerlessEndpointView,
  UnmanagedSummary,
} from '@podwatch/shared';
import { InstanceSnapshotDto, ServerlessEndpointDto } from '../../instances/dto/instance-snapshot.dto.js';
import { PodDto } from '../../pods/dto/pod-view.dto.js';
import { GraphqlHealthDto } from '../../runpod/dto/graphql-health.dto.js';

export class FleetKpisDto implements FleetKpis {
  @ApiProperty({ description: 'Pods that hold a machine (PROVISIONING, STARTING, RUNNING)', example: 11 })
  runningPods: number;

  @ApiProperty({ description: 'Σ cost of running pods, USD/h', example: 14.71 })
  burnRatePerHour: number;

  @ApiProperty({ description: 'Burn rate × 24', example: 353.04 })
  projectedPerDay: number;

  @ApiProperty({ description: 'Burn rate × 720 (30 days)', example: 10591.2 })
  projectedPerMonth: number;

  @ApiProperty({ description: 'Agent sessions with a heartbeat under 2 minutes old', example: 1 })
  activeAgents: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Cost accrued today (UTC) while pods were idle, USD; null until it can be computed',
    example: 1.18,
  })
  idleWasteToday: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Spent today (UTC), USD: RunPod’s billed amount when available, else estimated from samples',
    example: 141.69,
  })
  spendToday: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'RunPod account balance (USD) at the last collection, or estimated once GraphQL is gone; null when unknown',
    example: 499.92,
  })
  balance: number | null;

  @ApiProperty({
    enum: ['actual', 'estimated'],
    nullable: true,
    required: false,
    description: 'actual: RunPod’s own figure; estimated: last known balance − billing since − live burn',
    example: 'actual',
  })
  balanceBasis?: 'actual' | 'estimated' | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Balance ÷ burn rate, hours; null when nothing burns or the balance is unknown',
    example: 34,
  })
  runwayHours: number | null;

  @ApiProperty({ example: 3 })
  openAlerts: number;
}

export class UnmanagedSummaryDto implements UnmanagedSummary {
  @ApiProperty({ description: 'Every unmanaged pod RunPod lists', example: 6 })
  total: number;

  @ApiProperty({ example: 5 })
  running: number;

  @ApiProperty({ description: 'Σ cost of the running ones, USD/h', example: 4.64 })
  burnRatePerHour: number;

  @ApiProperty({ description: 'How many of them `unmanagedPods` carries (at most 50)', example: 6 })
  listed: number;
}

export class CollectorStatusDto implements CollectorStatus {
  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T12:00:00.450Z' })
  lastSuccessAt: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T12:00:00.000Z' })
  lastAttemptAt: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the last attempt failed; null when it succeeded',
    example: null,
  })
  lastError: string | null;

  @ApiProperty({ example: 60 })
  intervalSeconds: number;

  @ApiProperty({ description: 'No successful collection within two intervals', example: false })
  stale: boolean;

  @ApiProperty({
    type: () => RunpodBudgetStatusDto,
    required: false,
    description: "RunPod's request quota this minute, shared by every replica",
  })
  runpodBudget?: RunpodBudgetStatus;
}

export class RunpodBudgetStatusDto implements RunpodBudgetStatus {
  @ApiProperty({
    description: 'Requests a minute RunPod allows (RateLimit-Policy, else the documented 60)',
    example: 60,
  })
  quota: number;

  @ApiProperty({ description: 'Requests every replica made in this minute window', example: 4 })
  used: number;

  @ApiProperty({
    description: 'Requests left in this window (RunPod’s RateLimit header when lower)',
    example: 56,
  })
  remaining: number;

  @ApiProperty({
    description: 'Of `remaining`, what collection needs; lower-priority calls leave it alone',
    example: 3,
  })
  reserved: number;

  @ApiProperty({ description: 'When the window ends', example: '2026-11-22T12:01:00.000Z' })
  resetsAt: string;
}

/** GET /api/v1/dashboard: everything the fleet overview shows, in one response. */
export class DashboardResponseDto implements DashboardResponse {
  @ApiProperty({ example: '2026-11-22T12:00:00.500Z' })
  generatedAt: string;

  @ApiProperty({ description: 'RunPod is simulated (RUNPOD_API_KEY is unset)', example: false })
  demo: boolean;

  @ApiProperty({ type: () => FleetKpisDto })
  kpis: FleetKpis;

  @ApiProperty({ type: () => InstanceSnapshotDto, isArray: true })
  instances: InstanceSnapshot[];

  @ApiProperty({
    type: () => PodDto,
    isArray: true,
    description:
      'The costliest unmanaged pods (running first), at most `unmanagedSummary.listed`; GET /pods?unmanaged=true has them all',
  })
  unmanagedPods: PodView[];

  @ApiProperty({ type: () => UnmanagedSummaryDto })
  unmanagedSummary: UnmanagedSummary;

  @ApiProperty({ type: () => ServerlessEndpointDto, isArray: true })
  serverless: ServerlessEndpointView[];

  @ApiProperty({ type: () => CollectorStatusDto })
  collector: CollectorStatus;

  @ApiProperty({ type: () => GraphqlHealthDto })
  graphql: GraphqlHealth;
}

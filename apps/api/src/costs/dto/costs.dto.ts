import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  BalanceEstimate,
  AccountCost,
  BillingStatus,
  CostBasis,
  CostFigure,
  CostsResponse,
  CostSuggestion,
  CostSuggestionKind,
  DailyCost,
  InstanceCost,
  PodCost,
  PodStatus,
  StorageCost,
  StoragePodCost,
} from '@podwatch/shared';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { Optional } from '../../common/optional.js';
import { MAX_COST_DAYS } from '../billing.service.js';

const BASES: CostBasis[] = ['actual', 'estimated'];
const STATUSES: PodStatus[] = ['PROVISIONING', 'STARTING', 'RUNNING', 'EXITED', 'ERROR', 'TERMINATED'];

export class CostsQueryDto {
  @ApiPropertyOptional({
    description: `The period: this many UTC days, today included (1–${MAX_COST_DAYS})`,
    default: 7,
    minimum: 1,
    maximum: MAX_COST_DAYS,
    example: 7,
  })
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'days must be a whole number' })
  @Min(1, { message: 'days must be at least 1' })
  @Max(MAX_COST_DAYS, { message: `days must be at most ${MAX_COST_DAYS}` })
  days?: number;
}

export class CostFigureDto implements CostFigure {
  @ApiProperty({ description: 'USD', example: 1.18 })
  amount: number;

  @ApiProperty({
    enum: BASES,
    description: "`actual`: RunPod's billed amount; `estimated`: time-weighted from Podwatch's samples",
    example: 'estimated',
  })
  basis: CostBasis;
}

export class PodCostDto implements PodCost {
  @ApiProperty({ example: 'n2b5d8f1g4k7mc' })
  podId: string;

  @ApiProperty({ example: 'notebook' })
  name: string;

  @ApiProperty({ type: String, nullable: true, example: 'notebook' })
  instance: string | null;

  @ApiProperty({ enum: STATUSES, example: 'RUNNING' })
  status: PodStatus;

  @ApiProperty({ example: false })
  gone: boolean;

  @ApiProperty({ description: 'USD/h now (0 unless it holds a machine)', example: 0.59 })
  costPerHr: number;

  @ApiProperty({ type: CostFigureDto, description: 'Spend over the period' })
  spend: CostFigure;

  @ApiProperty({ type: CostFigureDto })
  spendToday: CostFigure;

  @ApiProperty({ description: 'Podwatch’s own estimate for the period (USD)', example: 1.18 })
  estimatedSpend: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'RunPod’s billed amount for the period',
    example: null,
  })
  actualSpend: number | null;

  @ApiProperty({ description: 'Cost accrued while idle over the period (USD)', example: 1.18 })
  idleWaste: number;

  @ApiProperty({ example: 1.18 })
  idleWasteToday: number;

  @ApiProperty({ description: 'Sampled running time over the period', example: 7200 })
  sampledSeconds: number;

  @ApiProperty({ example: 7200 })
  idleSeconds: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Running pods: seconds idle so far (null: busy recently, or unknown)',
    example: 7200,
  })
  idleForSeconds: number | null;

  @ApiProperty({ description: 'Stopped pods: volume storage, USD per month', example: 0 })
  storagePerMonth: number;
}

export class InstanceCostDto implements InstanceCost {
  @ApiProperty({ example: 'notebook' })
  instance: string;

  @ApiProperty({ type: [String], example: ['n2b5d8f1g4k7mc'] })
  podIds: string[];

  @ApiProperty({ example: 0.59 })
  costPerHr: number;

  @ApiProperty({ type: CostFigureDto })
  spend: CostFigure;

  @ApiProperty({ type: CostFigureDto })
  spendToday: CostFigure;

  @ApiProperty({ example: 1.18 })
  idleWaste: number;

  @ApiProperty({ example: 1.18 })
  idleWasteToday: number;
}

export class DailyCostDto implements DailyCost {
  @ApiProperty({ description: 'UTC day', example: '2026-11-22' })
  day: string;

  @ApiProperty({ type: CostFigureDto })
  spend: CostFigure;

  @ApiProperty({ example: 12.4 })
  estimatedSpend: number;

  @ApiProperty({ example: 3.1 })
  idleWaste: number;
}

export class StoragePodCostDto implements StoragePodCost {
  @ApiProperty({ example: 'o1d4e7x2p5r8mm' })
  podId: string;

  @ApiProperty({ example: 'old-experiment' })
  name: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  instance: string | null;

  @ApiProperty({ example: 100 })
  volumeInGb: number;

  @ApiProperty({ example: 20 })
  perMonth: number;
}

export class StorageCostDto implements StorageCost {
  @ApiProperty({ example: 0.0278 })
  perHour: number;

  @ApiProperty({ example: 0.6667 })
  perDay: number;

  @ApiProperty({ description: 'Volumes of stopped pods at $0.20/GB/month', example: 20 })
  perMonth: number;

  @ApiProperty({ type: [StoragePodCostDto] })
  pods: StoragePodCost[];
}

export class KnownBalanceDto {
  @ApiProperty({ example: 500 })
  amount: number;

  @ApiProperty({ example: '2026-12-03T10:00:00.000Z' })
  at: string;

  @ApiProperty({
    enum: ['runpod', 'operator', 'config'],
    description: 'GraphQL’s clientBalance, PUT /account/balance, or podwatch.yaml',
  })
  source: 'runpod' | 'operator' | 'config';
}

export class BalanceEstimateDto implements BalanceEstimate {
  @ApiProperty({ example: 486.6 })
  amount: number;

  @ApiProperty({ enum: ['estimated'] })
  basis: 'estimated';

  @ApiProperty({ type: () => KnownBalanceDto, description: 'The balance known for certain it starts from' })
  known: BalanceEstimate['known'];

  @ApiProperty({ description: 'RunPod’s billed amounts since then (hour buckets), USD', example: 12.4 })
  billedSince: number;

  @ApiProperty({ description: 'Live burn since the last billed bucket, USD', example: 1 })
  liveBurn: number;

  @ApiProperty({
    description: 'Where billing stops and the live burn takes over',
    example: '2026-12-03T13:00:00.000Z',
  })
  billedUntil: string;
}

export class AccountCostDto implements AccountCost {
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Credit left (USD): RunPod’s own figure, or an estimate once GraphQL is gone (see balanceBasis)',
    example: 412.5,
  })
  balance: number | null;

  @ApiProperty({ enum: ['actual', 'estimated'], nullable: true, example: 'actual' })
  balanceBasis: 'actual' | 'estimated' | null;

  @ApiProperty({ type: () => BalanceEstimateDto, nullable: true })
  balanceEstimate: BalanceEstimate | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why RunPod’s own balance is missing (GraphQL failed, retired or off); null when fresh',
    example: null,
  })
  balanceStale: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'RunPod’s own spend rate (USD/h)',
    example: 1.79,
  })
  spendPerHour: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 80 })
  spendLimit: number | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T12:00:00.000Z' })
  observedAt: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Balance ÷ burn rate, hours', example: 233.1 })
  runwayHours: number | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-12-02T05:06:00.000Z' })
  runsOutAt: string | null;
}

export class BillingStatusDto implements BillingStatus {
  @ApiProperty({ description: 'RunPod billing covers the whole period', example: true })
  covered: boolean;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T11:45:00.000Z' })
  lastFetchAt: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T11:45:00.000Z' })
  lastSuccessAt: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  lastError: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-10-23' })
  coveredFrom: string | null;
}

export class CostSuggestionDto implements CostSuggestion {
  @ApiProperty({ enum: ['stop-idle', 'terminate-stopped'], example: 'stop-idle' })
  kind: CostSuggestionKind;

  @ApiProperty({ example: 'n2b5d8f1g4k7mc' })
  podId: string;

  @ApiProperty({ example: 'notebook' })
  name: string;

  @ApiProperty({ type: String, nullable: true, example: 'notebook' })
  instance: string | null;

  @ApiProperty({ example: 'Stop notebook (idle for 2h at $0.59/h) to save $14.16/day' })
  message: string;

  @ApiProperty({ example: 14.16 })
  savingPerDay: number;

  @ApiProperty({ example: 424.8 })
  savingPerMonth: number;
}

class PeriodDto {
  @ApiProperty({ example: '2026-11-16T00:00:00.000Z' })
  from: string;

  @ApiProperty({ description: 'The midnight that ends today (UTC)', example: '2026-11-23T00:00:00.000Z' })
  to: string;

  @ApiProperty({ example: 7 })
  days: number;
}

class SpendDto {
  @ApiProperty({ type: CostFigureDto })
  period: CostFigure;

  @ApiProperty({ type: CostFigureDto })
  today: CostFigure;
}

class IdleWasteDto {
  @ApiProperty({ example: 9.4 })
  period: number;

  @ApiProperty({ example: 1.18 })
  today: number;
}

export class CostsResponseDto implements CostsResponse {
  @ApiProperty({ example: '2026-11-22T12:00:00.000Z' })
  generatedAt: string;

  @ApiProperty({ type: PeriodDto })
  period: { from: string; to: string; days: number };

  @ApiProperty({ example: 3 })
  runningPods: number;

  @ApiProperty({ description: 'Σ cost of running pods (USD/h)', example: 1.77 })
  burnRatePerHour: number;

  @ApiProperty({ description: 'Burn rate × 24', example: 42.48 })
  projectedPerDay: number;

  @ApiProperty({ description: 'Burn rate × 720 (30 days)', example: 1274.4 })
  projectedPerMonth: number;

  @ApiProperty({ type: SpendDto })
  spend: { period: CostFigure; today: CostFigure };

  @ApiProperty({ type: IdleWasteDto, description: 'Cost accrued while pods were idle (USD, estimated)' })
  idleWaste: { period: number; today: number };

  @ApiProperty({ type: [DailyCostDto] })
  daily: DailyCost[];

  @ApiProperty({ type: StorageCostDto })
  storage: StorageCost;

  @ApiProperty({ type: AccountCostDto })
  account: AccountCost;

  @ApiProperty({ type: BillingStatusDto })
  billing: BillingStatus;

  @ApiProperty({ type: [PodCostDto] })
  pods: PodCost[];

  @ApiProperty({ type: [InstanceCostDto] })
  instances: InstanceCost[];

  @ApiProperty({ type: [CostSuggestionDto] })
  suggestions: CostSuggestion[];
}

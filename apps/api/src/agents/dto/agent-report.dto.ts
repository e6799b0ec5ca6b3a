/**
 * POST /api/v1/agents/report: the body `podwatch agent` sends (contract: `AgentReport` in
 * @podwatch/shared), validated field by field so that a bad report is a 400 naming each field
 * (`gpu.gpus.0.utilPercent`). Every source is either `{ available: true, …its fields }` or
 * `{ available: false, reason }`; its fields are required only when it is available.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AGENT_REPORT_VERSION,
  type AgentReportActivity,
  type AgentReportResult,
  type ActivitySignal,
} from '@podwatch/shared';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsIP,
  IsISO8601,
  IsNumber,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Optional } from '../../common/optional.js';

interface FieldOptions {
  description?: string;
  example?: unknown;
  /** `null` is a value ("not reported"); missing is still an error. */
  nullable?: boolean;
  /** Only required (and checked) when the source is available. */
  whenAvailable?: boolean;
}

const available = (o: { available?: unknown }) => o.available === true;

function condition(options: FieldOptions) {
  return ValidateIf((o: { available?: unknown }, value: unknown) => {
    if (options.whenAvailable && !available(o)) return false;
    return !(options.nullable && value === null);
  });
}

function Num(options: FieldOptions & { min?: number; max?: number; integer?: boolean }) {
  const message = `$property must be ${options.integer ? 'a whole number' : 'a number'}${options.nullable ? ' or null' : ''}`;
  return applyDecorators(
    ApiProperty({
      type: options.integer ? 'integer' : 'number',
      nullable: options.nullable ?? false,
      required: !options.whenAvailable,
      ...(options.min !== undefined ? { minimum: options.min } : {}),
      ...(options.max !== undefined ? { maximum: options.max } : {}),
      ...(options.description ? { description: options.description } : {}),
      ...(options.example !== undefined ? { example: options.example } : {}),
    }),
    condition(options),
    options.integer ? IsInt({ message }) : IsNumber({ allowNaN: false, allowInfinity: false }, { message }),
    ...(options.min !== undefined ? [Min(options.min)] : []),
    ...(options.max !== undefined ? [Max(options.max)] : []),
  );
}

function Text(options: FieldOptions & { max: number; min?: number }) {
  const message = `$property must be a string${options.nullable ? ' or null' : ''}`;
  return applyDecorators(
    ApiProperty({
      type: String,
      nullable: options.nullable ?? false,
      required: !options.whenAvailable,
      maxLength: options.max,
      ...(options.description ? { description: options.description } : {}),
      ...(options.example !== undefined ? { example: options.example } : {}),
    }),
    condition(options),
    IsString({ message }),
    MaxLength(options.max),
    ...(options.min ? [MinLength(options.min)] : []),
  );
}

function Time(options: FieldOptions) {
  return applyDecorators(
    ApiProperty({
      type: String,
      format: 'date-time',
      nullable: options.nullable ?? false,
      required: !options.whenAvailable,
      ...(options.description ? { description: options.description } : {}),
      ...(options.example !== undefined ? { example: options.example } : {}),
    }),
    condition(options),
    IsISO8601(
      { strict: true },
      { message: `$property must be an ISO 8601 date-time${options.nullable ? ' or null' : ''}` },
    ),
  );
}

function Nested(type: () => new () => object, options: FieldOptions & { array?: number }) {
  return applyDecorators(
    // Resolved now (every nested class is declared above its user): Swagger reads a lazy type
    // only from a literal `type: () => …` property.
    ApiProperty({
      type: type(),
      isArray: options.array !== undefined,
      required: !options.whenAvailable,
      ...(options.description ? { description: options.description } : {}),
    }),
    condition(options),
    IsDefined({ message: '$property is required' }),
    ...(options.array !== undefined
      ? [IsArray({ message: '$property must be an array' }), ArrayMaxSize(options.array)]
      : []),
    ValidateNested({ each: options.array !== undefined }),
    Type(type),
  );
}

/** `available` and, when it is false, `reason`. */
class SourceDto {
  @ApiProperty({ description: 'false: the agent could not read this source (see `reason`)', example: true })
  @IsBoolean({ message: '$property must be true or false' })
  available: boolean;

  @ApiPropertyOptional({
    description: 'Why the source could not be read (only when `available` is false)',
    example: 'nvidia-smi not found: no nvidia-smi on the PATH',
  })
  @ValidateIf((o: SourceDto) => o.available === false)
  @IsString({ message: '$property must say why the source is unavailable' })
  @MinLength(1)
  @MaxLength(1000)
  reason?: string;
}

export class AgentGpuClocksDto {
  @Num({ nullable: true, min: 0, max: 100_000, example: 405 }) graphicsMHz: number | null;
  @Num({ nullable: true, min: 0, max: 100_000, example: 405 }) smMHz: number | null;
  @Num({ nullable: true, min: 0, max: 100_000, example: 2619 }) memoryMHz: number | null;
  @Num({ nullable: true, min: 0, max: 100_000, example: 765 }) videoMHz: number | null;
}

export class AgentGpuDto {
  @Num({ integer: true, min: 0, max: 63, example: 0, description: 'nvidia-smi index' }) index: number;
  @Text({ nullable: true, max: 128, example: 'GPU-51e86edc-1aa5-c3e9-7346-745a3c326f72' }) uuid:
    string | null;
  @Text({ nullable: true, max: 256, example: 'NVIDIA H100 80GB HBM3' }) name: string | null;
  @Text({ nullable: true, max: 64, example: '00000000:00:06.0' }) busId: string | null;
  @Num({ nullable: true, min: 0, max: 100, example: 0 }) utilPercent: number | null;
  @Num({ nullable: true, min: 0, max: 100, example: 0, description: 'memory bandwidth utilisation' })
  memoryUtilPercent: number | null;
  @Num({ nullable: true, min: 0, example: 0 }) memoryUsedMiB: number | null;
  @Num({ nullable: true, min: 0, example: 81559 }) memoryTotalMiB: number | null;
  @Num({ nullable: true, min: -100, max: 200, example: 37 }) temperatureC: number | null;
  @Num({ nullable: true, min: 0, max: 100_000, example: 125, description: 'average draw' })
  powerWatts: number | null;
  @Num({ nullable: true, min: 0, max: 100_000, example: 700 }) powerLimitWatts: number | null;
  @Nested(() => AgentGpuClocksDto, {}) clocks: AgentGpuClocksDto;
}

export class AgentGpuProcessDto {
  @Num({ integer: true, min: 0, example: 4242 }) pid: number;
  @Text({ max: 1024, example: 'python train.py', description: 'empty when nvidia-smi does not know' })
  name: string;
  @Text({ nullable: true, max: 16, example: 'C', description: 'C compute, G graphics, C+G' }) type:
    string | null;
  @Num({ nullable: true, min: 0, example: 30512 }) usedMemoryMiB: number | null;
  @Num({ integer: true, min: 0, max: 63, example: 0, description: 'index of its GPU' }) gpu: number;
}

export class AgentGpuSourceDto extends SourceDto {
  @Text({ whenAvailable: true, nullable: true, max: 64, example: '580.159.04' }) driverVersion?:
    string | null;
  @Text({ whenAvailable: true, nullable: true, max: 64, example: '13.0' }) cudaVersion?: string | null;
  @Nested(() => AgentGpuDto, { whenAvailable: true, array: 64 }) gpus?: AgentGpuDto[];
  @Nested(() => AgentGpuProcessDto, { whenAvailable: true, array: 4096 }) processes?: AgentGpuProcessDto[];
}

export class AgentCpuDto extends SourceDto {
  @Num({
    whenAvailable: true,
    nullable: true,
    min: 0,
    max: 100,
    example: 3.5,
    description: 'null on the first report',
  })
  percent?: number | null;
  @Num({ whenAvailable: true, nullable: true, min: 0, example: 15 }) windowSeconds?: number | null;
  @Num({ whenAvailable: true, integer: true, min: 1, max: 65_536, example: 16 }) cores?: number;
}

export class AgentMemoryDto extends SourceDto {
  @Num({ whenAvailable: true, min: 0, example: 134_217_728_000 }) totalBytes?: number;
  @Num({ whenAvailable: true, min: 0, example: 100_663_296_000 }) availableBytes?: number;
  @Num({ whenAvailable: true, min: 0, example: 33_554_432_000 }) usedBytes?: number;
  @Num({ whenAvailable: true, min: 0, max: 100, example: 25 }) percent?: number;
}

export class AgentDiskDto extends SourceDto {
  @Text({ max: 4096, min: 1, example: '/workspace' }) path: string;
  @Num({ whenAvailable: true, min: 0, example: 107_374_182_400 }) totalBytes?: number;
  @Num({ whenAvailable: true, min: 0, example: 42_949_672_960 }) usedBytes?: number;
  @Num({ whenAvailable: true, min: 0, example: 64_424_509_440 }) freeBytes?: number;
  @Num({ whenAvailable: true, min: 0, max: 100, example: 40 }) usedPercent?: number;
}

export class AgentNetworkInterfaceDto {
  @Text({ max: 64, min: 1, example: 'eth0' }) name: string;
  @Num({ min: 0, example: 1_000_000_000 }) rxBytes: number;
  @Num({ min: 0, example: 200_000_000 }) txBytes: number;
  @Num({ nullable: true, min: 0, example: 1_000_000 }) rxBytesPerSecond: number | null;
  @Num({ nullable: true, min: 0, example: 200_000 }) txBytesPerSecond: number | null;
}

export class AgentNetworkDto extends SourceDto {
  @Num({ whenAvailable: true, min: 0, example: 1_000_000_000 }) rxBytes?: number;
  @Num({ whenAvailable: true, min: 0, example: 200_000_000 }) txBytes?: number;
  @Num({ whenAvailable: true, nullable: true, min: 0, example: 1_000_000 }) rxBytesPerSecond?: number | null;
  @Num({ whenAvailable: true, nullable: true, min: 0, example: 200_000 }) txBytesPerSecond?: number | null;
  @Nested(() => AgentNetworkInterfaceDto, { whenAvailable: true, array: 256 })
  interfaces?: AgentNetworkInterfaceDto[];
}

export class AgentSshConnectionDto {
  @ApiProperty({ example: '203.0.113.7' })
  @IsIP(undefined, { message: '$property must be an IP address' })
  remoteAddress: string;
  @Num({ integer: true, min: 0, max: 65_535, example: 51544 }) remotePort: number;
  @Num({ integer: true, min: 1, max: 65_535, example: 22 }) localPort: number;
}

export class AgentSshDto extends SourceDto {
  @ApiProperty({ type: [Number], required: false, example: [22], description: 'local ports counted as SSH' })
  @ValidateIf(available)
  @IsArray({ message: '$property must be an array' })
  @ArrayMaxSize(16)
  @IsInt({ each: true, message: '$property must hold port numbers' })
  @Min(1, { each: true })
  @Max(65_535, { each: true })
  ports?: number[];
  @Nested(() => AgentSshConnectionDto, { whenAvailable: true, array: 4096 })
  sessions?: AgentSshConnectionDto[];
}

export class AgentTmuxSessionDto {
  @Text({ max: 256, min: 1, example: 'claude' }) name: string;
  @Num({ integer: true, min: 0, example: 2 }) windows: number;
  @Num({ integer: true, min: 0, example: 1, description: 'clients attached now' }) attached: number;
  @Time({ nullable: true, example: '2026-11-22T15:06:40.000Z' }) createdAt: string | null;
  @Time({ nullable: true, example: '2026-11-22T16:06:40.000Z' }) lastActivityAt: string | null;
}

export class AgentTmuxDto extends SourceDto {
  @Nested(() => AgentTmuxSessionDto, { whenAvailable: true, array: 1024 }) sessions?: AgentTmuxSessionDto[];
}

export class AgentInfoDto {
  @Text({ max: 32, min: 1, example: '0.1.0' }) version: string;
  @Text({ max: 255, min: 1, example: 'h100pod0000001' }) hostname: string;
  @Num({ min: 1, max: 3600, example: 15 }) intervalSeconds: number;
}

export class AgentReportDto {
  @ApiProperty({ enum: [AGENT_REPORT_VERSION], example: AGENT_REPORT_VERSION })
  @IsIn([AGENT_REPORT_VERSION], {
    message: `version must be ${AGENT_REPORT_VERSION} (the report format this API reads)`,
  })
  version: typeof AGENT_REPORT_VERSION;

  @ApiProperty({ description: 'The pod the agent runs in (RUNPOD_POD_ID)', example: 'h100pod0000001' })
  @IsString({ message: 'podId must be a string' })
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'podId must be a RunPod pod id' })
  podId: string;

  @Time({
    description: 'When the agent read its sources (its own clock)',
    example: '2026-11-22T18:46:19.000Z',
  })
  collectedAt: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'When this delivery attempt left the agent (its clock): places buffered reports on the API’s clock',
    example: '2026-11-22T18:46:19.120Z',
  })
  @Optional()
  @IsISO8601({ strict: true }, { message: 'sentAt must be an ISO 8601 date-time' })
  sentAt?: string;

  @Num({
    integer: true,
    min: 0,
    example: 0,
    description: 'reports dropped from the full buffer since the last delivery',
  })
  dropped: number;

  @Nested(() => AgentInfoDto, {}) agent: AgentInfoDto;
  @Nested(() => AgentGpuSourceDto, {}) gpu: AgentGpuSourceDto;
  @Nested(() => AgentCpuDto, {}) cpu: AgentCpuDto;
  @Nested(() => AgentMemoryDto, {}) memory: AgentMemoryDto;
  @Nested(() => AgentDiskDto, { array: 16 }) disks: AgentDiskDto[];
  @Nested(() => AgentNetworkDto, {}) network: AgentNetworkDto;
  @Nested(() => AgentSshDto, {}) ssh: AgentSshDto;
  @Nested(() => AgentTmuxDto, {}) tmux: AgentTmuxDto;
}

const SIGNALS: AgentReportActivity['signal'][] = ['agent-gpu', 'gpu-process', 'ssh-session'];

export class AgentReportActivityDto implements AgentReportActivity {
  @ApiProperty({ enum: SIGNALS, example: 'gpu-process' })
  signal: Extract<ActivitySignal, 'agent-gpu' | 'gpu-process' | 'ssh-session'>;

  @ApiProperty({ example: 'python train.py (pid 4242) on GPU 0, 30512 MiB' })
  detail: string;

  @ApiProperty({
    description: 'The source could not be read: counted as activity because idleness is unknown',
    example: false,
  })
  unknown: boolean;
}

export class AgentReportResultDto implements AgentReportResult {
  @ApiProperty({ example: 'h100pod0000001' })
  podId: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'trainer',
    description: 'null: an unmanaged pod (stored, no countdown)',
  })
  instance: string | null;

  @ApiProperty({ description: 'The report’s time on the API’s clock', example: '2026-11-22T18:46:19.000Z' })
  recordedAt: string;

  @ApiProperty({
    type: [AgentReportActivityDto],
    description: 'What reset the countdown; empty when the pod looked idle',
  })
  activity: AgentReportActivityDto[];
}

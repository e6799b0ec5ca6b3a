import {
  Controller,
  Get,
  Header,
  HttpStatus,
  Inject,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { GraphqlHealth } from '@podwatch/shared';
import { type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/env.js';
import { ProblemException, problemTitle } from '../common/problem.js';
import { ProblemDto, problemResponse } from '../common/problem.dto.js';
import { GraphqlHealthDto } from '../runpod/dto/graphql-health.dto.js';
import { DatabaseHealthIndicator } from './database.health.js';
import { type RunpodHealth, RunpodHealthService } from './runpod-health.service.js';

const CHECK_EXAMPLE = { database: { status: 'up', responseTimeMs: 2 } };

class HealthReportDto {
  @ApiProperty({ enum: ['ok', 'degraded', 'error'], example: 'ok' })
  status: 'ok' | 'degraded' | 'error';

  @ApiProperty({ description: 'Checks that passed', example: CHECK_EXAMPLE })
  info?: Record<string, unknown>;

  @ApiProperty({ description: 'Checks that failed', example: {} })
  error?: Record<string, unknown>;

  @ApiProperty({ description: 'Every check', example: CHECK_EXAMPLE })
  details: Record<string, unknown>;

  @ApiProperty({ description: 'RunPod is simulated (RUNPOD_API_KEY is unset)', example: false })
  demo: boolean;

  @ApiProperty({
    type: () => RunpodHealthDto,
    nullable: true,
    description:
      'RunPod reachability, GraphQL state, last successful collection and its age (null while the database is down)',
  })
  runpod: RunpodHealth | null;
}

class RunpodHealthDto implements RunpodHealth {
  @ApiProperty({
    enum: ['ok', 'down'],
    description: 'down: no successful collection for three collection intervals',
    example: 'ok',
  })
  status: 'ok' | 'down';

  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'The last collection reached RunPod; null before the first',
    example: true,
  })
  reachable: boolean | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T12:00:00.000Z' })
  lastAttemptAt: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T12:00:00.450Z' })
  lastSuccessAt: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Seconds since the last successful collection',
    example: 12,
  })
  lastSuccessAgeSeconds: number | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  lastError: string | null;

  @ApiProperty({ example: 60 })
  intervalSeconds: number;

  @ApiProperty({ type: String, nullable: true, description: 'Why it is down', example: null })
  reason: string | null;

  @ApiProperty({ type: () => GraphqlHealthDto })
  graphql: GraphqlHealth;
}

class LivenessDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';
}

export type HealthReport = HealthCheckResult & { demo: boolean; runpod: RunpodHealth | null };

function unavailable(detail: string, runpod?: RunpodHealth): ProblemException {
  return new ProblemException({
    type: 'about:blank',
    title: problemTitle(HttpStatus.SERVICE_UNAVAILABLE),
    status: HttpStatus.SERVICE_UNAVAILABLE,
    detail,
    instance: '/health/runpod',
    ...(runpod ? { runpod } : {}),
  });
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly runpod: RunpodHealthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Readiness: every check passes (503 when one fails)' })
  @ApiOkResponse({ type: HealthReportDto })
  @ApiServiceUnavailableResponse({
    type: HealthReportDto,
    description: 'A check failed; `error` says which.',
  })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    try {
      const result = await this.health.check([() => this.database.check()]);
      // Readiness is the database alone; RunPod's state is reported, and alerted on at /health/runpod.
      return { ...result, demo: this.config.demo, runpod: await this.runpod.report().catch(() => null) };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { ...(error.getResponse() as HealthCheckResult), demo: this.config.demo, runpod: null };
    }
  }

  @Get('runpod')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'RunPod: 503 after three collection intervals without a successful collection',
  })
  @ApiExtraModels(ProblemDto)
  @ApiOkResponse({ type: RunpodHealthDto })
  @ApiServiceUnavailableResponse(
    problemResponse(
      'No successful collection for three intervals (or the database is down); detail says why',
      {
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        detail:
          'no successful RunPod collection for 180 s (3 intervals of 60 s); last error: InternalServerError: 503 Service Unavailable',
        instance: '/health/runpod',
      },
    ),
  )
  async runpodHealth(): Promise<RunpodHealth> {
    let report: RunpodHealth;
    try {
      report = await this.runpod.report();
    } catch {
      throw unavailable('the database is unreachable, so the collection state is unknown');
    }
    if (report.status === 'down') throw unavailable(report.reason ?? 'RunPod is down', report);
    return report;
  }

  @Get('live')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok' };
  }
}

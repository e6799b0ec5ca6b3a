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
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/env.js';
import { DatabaseHealthIndicator } from './database.health.js';

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
}

class LivenessDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';
}

export type HealthReport = HealthCheckResult & { demo: boolean };

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
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
      return { ...result, demo: this.config.demo };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { ...(error.getResponse() as HealthCheckResult), demo: this.config.demo };
    }
  }

  @Get('live')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok' };
  }
}

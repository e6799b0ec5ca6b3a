import { Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { type CycleReport, CollectorService } from '../collector/collector.service.js';
import { JobLock } from '../common/job-lock.js';
import { ProblemException, problemTitle } from '../common/problem.js';
import {
  forbiddenResponse,
  ProblemDto,
  problemResponse,
  unauthorizedResponse,
} from '../common/problem.dto.js';
import { CycleReportDto } from './dto/cycle-report.dto.js';

@ApiTags('stats')
@ApiExtraModels(ProblemDto)
@Controller('stats')
export class StatsController {
  constructor(
    private readonly collector: CollectorService,
    private readonly lock: JobLock,
  ) {}

  @Post('refresh')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Run a collection cycle now (RunPod → snapshots, history, activity)' })
  @ApiOkResponse({
    type: CycleReportDto,
    description:
      'What the cycle did; `ok: false` when RunPod could not be read (the last data is marked stale)',
  })
  @ApiConflictResponse(
    problemResponse('A cycle is already running (here or on another replica)', {
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      detail: 'A collection cycle is running right now; its result will be in the dashboard in a moment.',
      instance: '/api/v1/stats/refresh',
    }),
  )
  @ApiUnauthorizedResponse(unauthorizedResponse('/api/v1/stats/refresh'))
  @ApiForbiddenResponse(forbiddenResponse('/api/v1/stats/refresh'))
  async refresh(): Promise<CycleReport> {
    const result = await this.lock.run('collector', () => this.collector.collect());
    if (!result.ran) {
      throw new ProblemException({
        type: 'about:blank',
        title: problemTitle(409),
        status: 409,
        detail: 'A collection cycle is running right now; its result will be in the dashboard in a moment.',
      });
    }
    return result.value;
  }
}

import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { PruneRunView } from '@podwatch/shared';
import { Actor } from '../common/actor.decorator.js';
import { ProblemException, problemTitle } from '../common/problem.js';
import {
  forbiddenResponse,
  ProblemDto,
  problemResponse,
  unauthorizedResponse,
} from '../common/problem.dto.js';
import { PruneRunDto } from './dto/prune-run.dto.js';
import { PruneRequestDto, PruneRunsQueryDto } from './dto/prune.dto.js';
import { PruneService, type PruneTrigger } from './prune.service.js';

@ApiTags('prune')
@ApiExtraModels(ProblemDto)
@Controller()
export class PruneController {
  constructor(private readonly prune: PruneService) {}

  @Post('prune')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Run prune now (or a dry run): decisions with reasons, actions, confirmations, flushes',
    description:
      'Stops/terminates only instances whose countdown is at zero, with fresh data and no activity.',
  })
  @ApiOkResponse({ type: PruneRunDto, description: 'The finished run with its decisions and steps' })
  @ApiBadRequestResponse(
    problemResponse('`instance` is not an instance name, or `dryRun` is not true or false', {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'Invalid dryRun: dryRun must be true or false',
      instance: '/api/v1/prune',
      errors: [{ field: 'dryRun', message: 'dryRun must be true or false' }],
    }),
  )
  @ApiNotFoundResponse(
    problemResponse('No instance is named `instance`', {
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No instance named "nope". GET /api/v1/instances lists them.',
      instance: '/api/v1/prune',
    }),
  )
  @ApiConflictResponse(
    problemResponse('A prune run is in progress (here or on another replica)', {
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      detail: 'A prune run is in progress; GET /api/v1/prune-runs shows it. Try again in a moment.',
      instance: '/api/v1/prune',
    }),
  )
  @ApiUnauthorizedResponse(unauthorizedResponse('/api/v1/prune'))
  @ApiForbiddenResponse(forbiddenResponse('/api/v1/prune'))
  async run(@Body() body: PruneRequestDto, @Actor() actor: string): Promise<PruneRunView> {
    const trigger: PruneTrigger = actor === 'api' ? 'api' : (actor as PruneTrigger);
    const result = await this.prune.lockedRun({
      trigger,
      dryRun: body.dryRun ?? false,
      instance: body.instance,
    });
    if (!result.ran) {
      throw new ProblemException({
        type: 'about:blank',
        title: problemTitle(409),
        status: 409,
        detail: 'A prune run is in progress; GET /api/v1/prune-runs shows it. Try again in a moment.',
      });
    }
    return result.value;
  }

  @Get('prune-runs')
  @ApiOperation({ summary: 'Prune runs, newest first (without their steps)' })
  @ApiOkResponse({
    type: PruneRunDto,
    isArray: true,
    description: 'Each with its decisions; `steps` is empty',
  })
  @ApiBadRequestResponse(
    problemResponse('`limit` is not a whole number from 1 to 500, or `actionsOnly` is not true or false', {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'Invalid limit: limit must be a whole number',
      instance: '/api/v1/prune-runs',
      errors: [{ field: 'limit', message: 'limit must be a whole number' }],
    }),
  )
  @ApiUnauthorizedResponse(unauthorizedResponse('/api/v1/prune-runs', true))
  list(@Query() query: PruneRunsQueryDto): Promise<PruneRunView[]> {
    return this.prune.list({ limit: query.limit ?? 50, actionsOnly: query.actionsOnly ?? false });
  }

  @Get('prune-runs/:id')
  @ApiOperation({ summary: 'One prune run with every decision and audited step' })
  @ApiOkResponse({ type: PruneRunDto })
  @ApiBadRequestResponse(
    problemResponse('The id is not a UUID', {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'Validation failed (uuid is expected)',
      instance: '/api/v1/prune-runs/42',
    }),
  )
  @ApiNotFoundResponse(
    problemResponse('No prune run has this id', {
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No prune run with id "00000000-0000-4000-8000-000000000000".',
      instance: '/api/v1/prune-runs/00000000-0000-4000-8000-000000000000',
    }),
  )
  @ApiUnauthorizedResponse(
    unauthorizedResponse('/api/v1/prune-runs/8784362c-3f67-4f72-9d7f-2bc467138508', true),
  )
  get(@Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) id: string): Promise<PruneRunView> {
    return this.prune.view(id);
  }
}

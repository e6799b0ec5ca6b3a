import { Body, Controller, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiNotModifiedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { InstanceSnapshot, InstanceTimeline, TelemetrySeries } from '@podwatch/shared';
import { Clock } from '../common/clock.js';
import { EtagInterceptor } from '../common/etag.interceptor.js';
import { validationProblem } from '../common/problem.js';
import {
  forbiddenResponse,
  ProblemDto,
  problemResponse,
  unauthorizedResponse,
} from '../common/problem.dto.js';
import { ActivityService } from '../activity/activity.service.js';
import { TelemetryRepository } from '../telemetry/telemetry.repository.js';
import { parseDuration } from '@podwatch/shared';
import { ActivityDto, ExtendDto } from './dto/extend.dto.js';
import { InstanceSnapshotDto } from './dto/instance-snapshot.dto.js';
import { TelemetryQueryDto, TimelineQueryDto } from './dto/telemetry-query.dto.js';
import { TelemetrySeriesDto } from './dto/telemetry.dto.js';
import { InstanceTimelineDto } from './dto/timeline.dto.js';
import { InstanceActionsService } from './instance-actions.service.js';
import { InstancesService } from './instances.service.js';
import { Actor } from '../common/actor.decorator.js';

const MAX_RANGE_MS = 2 * 365 * 86_400_000;

const notFound = (path: string) =>
  problemResponse('No such instance', {
    type: 'about:blank',
    title: 'Not Found',
    status: 404,
    detail: 'No instance named "nope". GET /api/v1/instances lists them.',
    instance: `/api/v1/instances/nope${path}`,
  });

const notModified = {
  description: 'Nothing changed since the ETag sent in If-None-Match (no body)',
} as const;
const ifNoneMatch = {
  name: 'if-none-match',
  required: false,
  description: 'The ETag of the copy you hold: 304 when nothing changed',
} as const;

const badGateway = (path: string) =>
  problemResponse('RunPod failed or could not be reached', {
    type: 'about:blank',
    title: 'Bad Gateway',
    status: 502,
    detail: 'RunPod: Request timed out after 10000 ms (POST /v2/pods/{id}/action)',
    instance: `/api/v1/instances/notebook${path}`,
  });

@ApiTags('instances')
@ApiExtraModels(ProblemDto)
@Controller('instances')
export class InstancesController {
  constructor(
    private readonly instances: InstancesService,
    private readonly activity: ActivityService,
    private readonly telemetry: TelemetryRepository,
    private readonly actions: InstanceActionsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @UseInterceptors(EtagInterceptor)
  @ApiOperation({ summary: 'Every instance with its live stats and countdown' })
  @ApiHeader(ifNoneMatch)
  @ApiOkResponse({ type: InstanceSnapshotDto, isArray: true })
  @ApiNotModifiedResponse(notModified)
  @ApiUnauthorizedResponse(unauthorizedResponse('/api/v1/instances', true))
  async list(): Promise<InstanceSnapshot[]> {
    return this.instances.views();
  }

  @Get(':name')
  @UseInterceptors(EtagInterceptor)
  @ApiOperation({ summary: 'One instance: pod, telemetry, lastRunAt, killAt, timeUntilKill, state, stale' })
  @ApiHeader(ifNoneMatch)
  @ApiOkResponse({ type: InstanceSnapshotDto })
  @ApiNotModifiedResponse(notModified)
  @ApiNotFoundResponse(notFound(''))
  @ApiUnauthorizedResponse(unauthorizedResponse('/api/v1/instances/notebook', true))
  async get(@Param('name') name: string): Promise<InstanceSnapshot> {
    const [view] = await this.instances.views([await this.instances.findByName(name)]);
    return view!;
  }

  @Get(':name/telemetry')
  @ApiOperation({
    summary: 'Telemetry history, downsampled in SQL to at most `points` buckets',
    description:
      'Ranges up to 24 h come from raw samples, up to 90 days from 5-minute rollups, beyond from hourly ones.',
  })
  @ApiOkResponse({ type: TelemetrySeriesDto })
  @ApiBadRequestResponse(
    problemResponse(
      'A query parameter is invalid, `from` is not before `to`, or the range spans over two years',
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: 'Invalid from: from must be before to',
        instance: '/api/v1/instances/notebook/telemetry',
        errors: [{ field: 'from', message: 'from must be before to' }],
      },
    ),
  )
  @ApiNotFoundResponse(notFound('/telemetry'))
  @ApiUnauthorizedResponse(unauthorizedResponse('/api/v1/instances/notebook/telemetry', true))
  async history(@Param('name') name: string, @Query() query: TelemetryQueryDto): Promise<TelemetrySeries> {
    const instance = await this.instances.findByName(name);
    const to = query.to ?? this.clock.now();
    const from = query.from ?? new Date(to.getTime() - 3_600_000);
    if (from.getTime() >= to.getTime())
      throw validationProblem([{ field: 'from', message: 'from must be before to' }]);
    if (to.getTime() - from.getTime() > MAX_RANGE_MS) {
      throw validationProblem([{ field: 'from', message: 'the range may span at most two years' }]);
    }
    const result = await this.telemetry.history({
      instanceId: instance.id,
      from,
      to,
      points: query.points ?? 300,
      source: query.source,
    });
    const podIds = await this.telemetry.podsInRange(instance.id, from, to);
    return { instance: name, podIds, from: from.toISOString(), to: to.toISOString(), ...result };
  }

  @Get(':name/timeline')
  @ApiOperation({
    summary: 'Activity signals and audited steps (decisions, actions, confirmations, flushes), newest first',
  })
  @ApiOkResponse({ type: InstanceTimelineDto })
  @ApiBadRequestResponse(
    problemResponse('`limit` is not a whole number from 1 to 1000', {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'Invalid limit: limit must not be greater than 1000',
      instance: '/api/v1/instances/notebook/timeline',
      errors: [{ field: 'limit', message: 'limit must not be greater than 1000' }],
    }),
  )
  @ApiNotFoundResponse(notFound('/timeline'))
  @ApiUnauthorizedResponse(unauthorizedResponse('/api/v1/instances/notebook/timeline', true))
  async timeline(@Param('name') name: string, @Query() query: TimelineQueryDto): Promise<InstanceTimeline> {
    const instance = await this.instances.findByName(name);
    return { instance: name, entries: await this.instances.timeline(instance, query.limit ?? 100) };
  }

  @Post(':name/activity')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Report activity: resets the countdown (the app using the instance calls this)' })
  @ApiOkResponse({ type: InstanceSnapshotDto, description: 'The instance after the reset' })
  @ApiBadRequestResponse(
    problemResponse('`detail` is not a string of at most 500 characters', {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'Invalid detail: detail must be shorter than or equal to 500 characters',
      instance: '/api/v1/instances/notebook/activity',
      errors: [{ field: 'detail', message: 'detail must be shorter than or equal to 500 characters' }],
    }),
  )
  @ApiNotFoundResponse(notFound('/activity'))
  @ApiUnauthorizedResponse(unauthorizedResponse('/api/v1/instances/notebook/activity'))
  @ApiForbiddenResponse(forbiddenResponse('/api/v1/instances/notebook/activity'))
  async recordActivity(@Param('name') name: string, @Body() body: ActivityDto): Promise<InstanceSnapshot> {
    const instance = await this.instances.findByName(name);
    await this.activity.record({
      instanceId: instance.id,
      podId: instance.podId,
      signal: 'activity',
      at: this.clock.now(),
      detail: body.detail ?? null,
    });
    return this.get(name);
  }

  @Post(':name/start')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Ensure the pod runs: resume it if stopped, create it from the instance spec if missing; resets the countdown',
  })
  @ApiOkResponse({ type: InstanceSnapshotDto, description: 'The instance after the start' })
  @ApiNotFoundResponse(notFound('/start'))
  @ApiConflictResponse(
    problemResponse(
      'Nothing to start: a serverless instance, or no pod and no create spec; or RunPod refused',
      {
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        detail: '"notebook" has no pod and no create spec: set podId or create in podwatch.yaml.',
        instance: '/api/v1/instances/notebook/start',
      },
    ),
  )
  @ApiBadGatewayResponse(badGateway('/start'))
  @ApiUnauthorizedResponse(unauthorizedResponse('/api/v1/instances/notebook/start'))
  @ApiForbiddenResponse(forbiddenResponse('/api/v1/instances/notebook/start'))
  async start(@Param('name') name: string, @Actor() actor: string): Promise<InstanceSnapshot> {
    await this.actions.ensure(await this.instances.findByName(name), actor);
    return this.get(name);
  }

  @Post(':name/stop')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Stop the pod now (keeps its volume); RunPod answers 409 when the pod cannot be stopped',
  })
  @ApiOkResponse({ type: InstanceSnapshotDto, description: 'The instance after the stop' })
  @ApiNotFoundResponse(notFound('/stop'))
  @ApiConflictResponse(
    problemResponse('The instance has no pod, or RunPod refused (the pod cannot be stopped now)', {
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      detail: 'RunPod refused: 409 Conflict: the pod is not running (POST /v2/pods/{id}/action)',
      instance: '/api/v1/instances/notebook/stop',
    }),
  )
  @ApiBadGatewayResponse(badGateway('/stop'))
  @ApiUnauthorizedResponse(unauthorizedResponse('/api/v1/instances/notebook/stop'))
  @ApiForbiddenResponse(forbiddenResponse('/api/v1/instances/notebook/stop'))
  async stop(@Param('name') name: string, @Actor() actor: string): Promise<InstanceSnapshot> {
    await this.actions.act(await this.instances.findByName(name), 'stop', actor);
    return this.get(name);
  }

  @Post(':name/terminate')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Terminate the pod now: it and its volume are deleted' })
  @ApiOkResponse({ type: InstanceSnapshotDto, description: 'The instance after the terminate' })
  @ApiNotFoundResponse(notFound('/terminate'))
  @ApiConflictResponse(
    problemResponse('The instance has no pod, or RunPod refused', {
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      detail: '"embeddings" has no pod to terminate.',
      instance: '/api/v1/instances/embeddings/terminate',
    }),
  )
  @ApiBadGatewayResponse(badGateway('/terminate'))
  @ApiUnauthorizedResponse(unauthorizedResponse('/api/v1/instances/notebook/terminate'))
  @ApiForbiddenResponse(forbiddenResponse('/api/v1/instances/notebook/terminate'))
  async terminate(@Param('name') name: string, @Actor() actor: string): Promise<InstanceSnapshot> {
    await this.actions.act(await this.instances.findByName(name), 'terminate', actor);
    return this.get(name);
  }

  @Post(':name/extend')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Push the kill moment later by a duration (audited)' })
  @ApiOkResponse({ type: InstanceSnapshotDto, description: 'The instance with its later `killAt`' })
  @ApiBadRequestResponse(
    problemResponse('`duration` is not a duration of at most 7 days', {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'Invalid duration: duration must be a duration such as 30m, 2h or 90s',
      instance: '/api/v1/instances/notebook/extend',
      errors: [{ field: 'duration', message: 'duration must be a duration such as 30m, 2h or 90s' }],
    }),
  )
  @ApiNotFoundResponse(notFound('/extend'))
  @ApiUnauthorizedResponse(unauthorizedResponse('/api/v1/instances/notebook/extend'))
  @ApiForbiddenResponse(forbiddenResponse('/api/v1/instances/notebook/extend'))
  async extend(
    @Param('name') name: string,
    @Body() body: ExtendDto,
    @Actor() actor: string,
  ): Promise<InstanceSnapshot> {
    const instance = await this.instances.findByName(name);
    const shown = this.instances.view(instance).killAt;
    await this.activity.extend(instance.id, parseDuration(body.duration)!, shown, this.clock.now(), actor);
    return this.get(name);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
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
import type { PodView } from '@podwatch/shared';
import { Actor } from '../common/actor.decorator.js';
import {
  forbiddenResponse,
  ProblemDto,
  problemResponse,
  unauthorizedResponse,
} from '../common/problem.dto.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { PodActionDto, PodsQueryDto } from './dto/pod-action.dto.js';
import { PodDto } from './dto/pod-view.dto.js';
import { PodActionsService } from './pod-actions.service.js';
import { toPodView } from './pod-view.js';

const notFound = (path: string) =>
  problemResponse('No pod with this id has been seen', {
    type: 'about:blank',
    title: 'Not Found',
    status: 404,
    detail: 'No pod with id "x9y8z7w6v5u4ts" has been seen.',
    instance: `/api/v1/pods/x9y8z7w6v5u4ts${path}`,
  });

@ApiTags('pods')
@ApiExtraModels(ProblemDto)
@Controller('pods')
export class PodsController {
  constructor(
    private readonly prisma: PrismaService,
    private readonly actions: PodActionsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every pod of the account as last collected, costliest first' })
  @ApiOkResponse({ type: PodDto, isArray: true })
  @ApiBadRequestResponse(
    problemResponse('`unmanaged` or `includeGone` is not true or false', {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'Invalid unmanaged: unmanaged must be true or false',
      instance: '/api/v1/pods',
      errors: [{ field: 'unmanaged', message: 'unmanaged must be true or false' }],
    }),
  )
  @ApiUnauthorizedResponse(unauthorizedResponse('/api/v1/pods', true))
  async list(@Query() query: PodsQueryDto): Promise<PodView[]> {
    const pods = await this.prisma.pod.findMany({
      where: {
        ...(query.includeGone ? {} : { goneAt: null }),
        ...(query.unmanaged ? { instanceId: null } : {}),
      },
      orderBy: [{ costPerHr: 'desc' }, { name: 'asc' }],
    });
    const names = await this.instanceNames();
    return pods.map((pod) => toPodView(pod, pod.instanceId ? (names.get(pod.instanceId) ?? null) : null));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One pod as last collected' })
  @ApiOkResponse({ type: PodDto })
  @ApiNotFoundResponse(notFound(''))
  @ApiUnauthorizedResponse(unauthorizedResponse('/api/v1/pods/n2b5d8f1g4k7mc', true))
  async get(@Param('id') id: string): Promise<PodView> {
    const pod = await this.actions.find(id);
    const names = await this.instanceNames();
    return toPodView(pod, pod.instanceId ? (names.get(pod.instanceId) ?? null) : null);
  }

  @Post(':id/actions')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'start, stop, restart or terminate any pod (audited); RunPod answers 409 when not allowed now',
  })
  @ApiOkResponse({ type: PodDto, description: 'The pod as collected after the action' })
  @ApiBadRequestResponse(
    problemResponse('`action` is not one of start, stop, restart, terminate', {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'Invalid action: action must be one of start, stop, restart, terminate',
      instance: '/api/v1/pods/n2b5d8f1g4k7mc/actions',
      errors: [{ field: 'action', message: 'action must be one of start, stop, restart, terminate' }],
    }),
  )
  @ApiNotFoundResponse(notFound('/actions'))
  @ApiConflictResponse(
    problemResponse('RunPod refused: the action is not allowed in the pod’s status', {
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      detail: 'RunPod refused: 409 Conflict: the pod is not running (POST /v2/pods/{id}/action)',
      instance: '/api/v1/pods/n2b5d8f1g4k7mc/actions',
    }),
  )
  @ApiBadGatewayResponse(
    problemResponse('RunPod failed or could not be reached', {
      type: 'about:blank',
      title: 'Bad Gateway',
      status: 502,
      detail: 'RunPod: Request timed out after 10000 ms (POST /v2/pods/{id}/action)',
      instance: '/api/v1/pods/n2b5d8f1g4k7mc/actions',
    }),
  )
  @ApiUnauthorizedResponse(unauthorizedResponse('/api/v1/pods/n2b5d8f1g4k7mc/actions'))
  @ApiForbiddenResponse(forbiddenResponse('/api/v1/pods/n2b5d8f1g4k7mc/actions'))
  async act(@Param('id') id: string, @Body() body: PodActionDto, @Actor() actor: string): Promise<PodView> {
    await this.actions.act(id, body.action, actor);
    return this.get(id);
  }

  private async instanceNames(): Promise<Map<string, string>> {
    const rows = await this.prisma.instance.findMany({ select: { id: true, name: true } });
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}

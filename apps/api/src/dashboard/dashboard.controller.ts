import { Controller, Get, Req, Res } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiHeader,
  ApiNotModifiedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { etagMatches } from '../common/etag.interceptor.js';
import { ProblemDto, unauthorizedResponse } from '../common/problem.dto.js';
import { DashboardCache } from './dashboard-cache.js';
import { DashboardResponseDto } from './dto/dashboard.dto.js';

@ApiTags('dashboard')
@ApiExtraModels(ProblemDto)
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly cache: DashboardCache) {}

  @Get()
  @ApiOperation({
    summary: 'The fleet at a glance: KPIs, instances with killAt, unmanaged pods, serverless endpoints',
    description:
      'Built at most once a second per replica (at once after a collection or a change). Send If-None-Match with the ' +
      'last ETag: 304 when nothing changed. Countdowns tick locally from killAt.',
  })
  @ApiHeader({ name: 'if-none-match', required: false, description: 'The ETag of the copy you hold' })
  @ApiOkResponse({
    type: DashboardResponseDto,
    description:
      'Gzipped when the request accepts it; sent as the cached JSON (the handler writes the reply)',
  })
  @ApiNotModifiedResponse({ description: 'Nothing changed since the ETag you sent' })
  @ApiUnauthorizedResponse(unauthorizedResponse('/api/v1/dashboard', true))
  async get(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const cached = await this.cache.get();
    void reply
      .header('etag', cached.etag)
      .header('cache-control', 'no-cache')
      .header('vary', 'accept-encoding');
    if (etagMatches(request.headers['if-none-match'], cached.etag)) {
      await reply.status(304).send();
      return;
    }
    const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    void reply.header('content-type', 'application/json; charset=utf-8');
    if (gzip) void reply.header('content-encoding', 'gzip');
    await reply.send(gzip ? cached.gzip : cached.json);
  }
}

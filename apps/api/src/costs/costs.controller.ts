import { Controller, Get, Query, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CostsResponse } from '@podwatch/shared';
import { EtagInterceptor } from '../common/etag.interceptor.js';
import { CostsService } from './costs.service.js';
import { CostsQueryDto, CostsResponseDto } from './dto/costs.dto.js';

@ApiTags('costs')
@Controller('costs')
export class CostsController {
  constructor(private readonly costs: CostsService) {}

  @Get()
  @UseInterceptors(EtagInterceptor)
  @ApiOperation({
    summary:
      'Burn rate and projections, spend and idle waste per pod, instance and day, storage, runway, suggestions',
    description:
      'Only pods that hold a machine count in the burn rate (×24 per day, ×720 per 30-day month). Spend is ' +
      "RunPod's billed amount (`actual`) where billing covers the period, else time-weighted from samples " +
      '(`estimated`); idle waste is always estimated. Days are UTC. Reads the database only.',
  })
  @ApiOkResponse({ type: CostsResponseDto })
  get(@Query() query: CostsQueryDto): Promise<CostsResponse> {
    return this.costs.costs(query.days ?? 7);
  }
}

import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { FleetMetrics } from './fleet-metrics.js';
import { MetricsService } from './metrics.service.js';

const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly fleet: FleetMetrics,
  ) {}

  @Get()
  @Header('content-type', CONTENT_TYPE)
  @Header('cache-control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOperation({
    summary:
      'Prometheus metrics (text format 0.0.4): pods, costs, countdowns, collector, RunPod calls, prune',
    description: 'Open unless PODWATCH_READ_TOKEN is set (then the read or admin token).',
  })
  @ApiOkResponse({
    description: 'Prometheus text exposition',
    schema: { type: 'string', example: 'podwatch_fleet_burn_rate_dollars_per_hour 1.77\n' },
  })
  async scrape(): Promise<string> {
    await this.fleet.refresh();
    return this.metrics.registry.metrics();
  }
}

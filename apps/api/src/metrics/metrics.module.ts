import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { CollectionEvents } from '../common/collection-events.js';
import { InstancesModule } from '../instances/instances.module.js';
import { FleetMetrics } from './fleet-metrics.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';

/** Global: the RunPod client hooks, the collector, prune and webhooks count into it. */
@Global()
@Module({
  imports: [InstancesModule],
  controllers: [MetricsController],
  providers: [MetricsService, FleetMetrics],
  exports: [MetricsService],
})
export class MetricsModule implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly events: CollectionEvents,
  ) {}

  onModuleInit(): void {
    this.events.onCycle((report) => this.metrics.cycle(report.ok, report.durationMs));
  }
}

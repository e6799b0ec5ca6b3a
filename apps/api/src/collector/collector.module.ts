import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity/activity.module.js';
import { InstancesModule } from '../instances/instances.module.js';
import { StatsController } from '../stats/stats.controller.js';
import { TelemetryModule } from '../telemetry/telemetry.module.js';
import { CollectorScheduler } from './collector.scheduler.js';
import { CollectorService } from './collector.service.js';

@Module({
  imports: [ActivityModule, InstancesModule, TelemetryModule],
  controllers: [StatsController],
  providers: [CollectorService, CollectorScheduler],
  exports: [CollectorService],
})
export class CollectorModule {}

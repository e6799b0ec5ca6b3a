import { type DynamicModule, Module } from '@nestjs/common';
import { ActivityModule } from '../activity/activity.module.js';
import { InstancesModule } from '../instances/instances.module.js';
import { StatsController } from '../stats/stats.controller.js';
import { TelemetryModule } from '../telemetry/telemetry.module.js';
import { CollectorScheduler, SCHEDULE_JOBS } from './collector.scheduler.js';
import { CollectorService } from './collector.service.js';

@Module({})
export class CollectorModule {
  static register(options: { schedule: boolean }): DynamicModule {
    return {
      module: CollectorModule,
      imports: [ActivityModule, InstancesModule, TelemetryModule],
      controllers: [StatsController],
      providers: [
        CollectorService,
        CollectorScheduler,
        { provide: SCHEDULE_JOBS, useValue: options.schedule },
      ],
      exports: [CollectorService],
    };
  }
}

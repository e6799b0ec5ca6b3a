import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ActivityModule } from '../activity/activity.module.js';
import { SCHEDULE_JOBS } from '../collector/collector.scheduler.js';
import { InstancesModule } from '../instances/instances.module.js';
import { PruneController } from './prune.controller.js';
import { PruneScheduler } from './prune.scheduler.js';
import { PruneService } from './prune.service.js';

/** Global: the MCP tools preview prune through it. */
@Global()
@Module({})
export class PruneModule {
  static register(options: { schedule: boolean }): DynamicModule {
    return {
      module: PruneModule,
      imports: [ActivityModule, InstancesModule],
      controllers: [PruneController],
      providers: [PruneService, PruneScheduler, { provide: SCHEDULE_JOBS, useValue: options.schedule }],
      exports: [PruneService],
    };
  }
}

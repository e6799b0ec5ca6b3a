import { Global, Module } from '@nestjs/common';
import { ActivityModule } from '../activity/activity.module.js';
import { InstancesModule } from '../instances/instances.module.js';
import { PruneController } from './prune.controller.js';
import { PruneScheduler } from './prune.scheduler.js';
import { PruneService } from './prune.service.js';

/** Global: the MCP tools preview prune through it. */
@Global()
@Module({
  imports: [ActivityModule, InstancesModule],
  controllers: [PruneController],
  providers: [PruneService, PruneScheduler],
  exports: [PruneService],
})
export class PruneModule {}

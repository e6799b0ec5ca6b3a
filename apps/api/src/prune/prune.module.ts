import { Global, Module } from '@nestjs/common';
import { ActivityModule } from '../activity/activity.module.js';
import { InstancesModule } from '../instances/instances.module.js';
import { PruneController } from './prune.controller.js';
import { PruneScheduler } from './prune.scheduler.js';
import { Orphans } from './orphans.js';
import { PreKillWarnings } from './pre-kill-warnings.js';
import { PruneRuns } from './prune-runs.js';
import { PruneService } from './prune.service.js';
import { ServerlessPrune } from './serverless-prune.js';
import { StopReconciler } from './stop-reconciler.js';

/** Global: the MCP tools preview prune through it. */
@Global()
@Module({
  imports: [ActivityModule, InstancesModule],
  controllers: [PruneController],
  providers: [
    PruneService,
    PruneScheduler,
    PruneRuns,
    PreKillWarnings,
    StopReconciler,
    ServerlessPrune,
    Orphans,
  ],
  exports: [PruneService, PruneRuns],
})
export class PruneModule {}

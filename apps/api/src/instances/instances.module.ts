import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity/activity.module.js';
import { TelemetryModule } from '../telemetry/telemetry.module.js';
import { AgentReportsRepository } from './agent-reports.repository.js';
import { InstanceActionsService } from './instance-actions.service.js';
import { InstancesController } from './instances.controller.js';
import { InstancesService } from './instances.service.js';

@Module({
  imports: [ActivityModule, TelemetryModule],
  controllers: [InstancesController],
  providers: [InstancesService, InstanceActionsService, AgentReportsRepository],
  exports: [InstancesService, InstanceActionsService, AgentReportsRepository],
})
export class InstancesModule {}

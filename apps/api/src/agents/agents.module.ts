import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity/activity.module.js';
import { InstancesModule } from '../instances/instances.module.js';
import { TelemetryModule } from '../telemetry/telemetry.module.js';
import { AgentReportsService } from './agent-reports.service.js';
import { AgentsController } from './agents.controller.js';
import { AgentsService } from './agents.service.js';

@Module({
  imports: [ActivityModule, InstancesModule, TelemetryModule],
  controllers: [AgentsController],
  providers: [AgentsService, AgentReportsService],
  exports: [AgentsService, AgentReportsService],
})
export class AgentsModule {}

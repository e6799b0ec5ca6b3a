import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity/activity.module.js';
import { DashboardModule } from '../dashboard/dashboard.module.js';
import { InstancesModule } from '../instances/instances.module.js';
import { PodsModule } from '../pods/pods.module.js';
import { McpController } from './mcp.controller.js';
import { McpToolsService } from './mcp-tools.service.js';

@Module({
  imports: [ActivityModule, DashboardModule, InstancesModule, PodsModule],
  controllers: [McpController],
  providers: [McpToolsService],
  exports: [McpToolsService],
})
export class McpModule {}

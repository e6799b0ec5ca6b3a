import { Module } from '@nestjs/common';
import { InstancesModule } from '../instances/instances.module.js';
import { DashboardController } from './dashboard.controller.js';
import { DashboardCache } from './dashboard-cache.js';
import { DashboardService } from './dashboard.service.js';

@Module({
  imports: [InstancesModule],
  controllers: [DashboardController],
  providers: [DashboardService, DashboardCache],
  exports: [DashboardService],
})
export class DashboardModule {}

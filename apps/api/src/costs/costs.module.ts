import { type DynamicModule, Global, Module } from '@nestjs/common';
import { SCHEDULE_JOBS } from '../collector/collector.scheduler.js';
import { BillingScheduler } from './billing.scheduler.js';
import { BillingService } from './billing.service.js';
import { CostsController } from './costs.controller.js';
import { CostsRepository } from './costs.repository.js';
import { CostsService } from './costs.service.js';

/** Global: the collector accrues costs, and alerts, dashboard, metrics and MCP read them. */
@Global()
@Module({})
export class CostsModule {
  static register(options: { schedule: boolean }): DynamicModule {
    return {
      module: CostsModule,
      controllers: [CostsController],
      providers: [
        CostsRepository,
        CostsService,
        BillingService,
        BillingScheduler,
        { provide: SCHEDULE_JOBS, useValue: options.schedule },
      ],
      exports: [CostsRepository, CostsService, BillingService],
    };
  }
}

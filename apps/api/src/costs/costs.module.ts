import { Global, Module } from '@nestjs/common';
import { BillingScheduler } from './billing.scheduler.js';
import { BillingService } from './billing.service.js';
import { CostsController } from './costs.controller.js';
import { CostsRepository } from './costs.repository.js';
import { CostsService } from './costs.service.js';

/** Global: the collector accrues costs, and alerts, dashboard, metrics and MCP read them. */
@Global()
@Module({
  controllers: [CostsController],
  providers: [CostsRepository, CostsService, BillingService, BillingScheduler],
  exports: [CostsRepository, CostsService, BillingService],
})
export class CostsModule {}

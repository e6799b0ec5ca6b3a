import { Global, Module } from '@nestjs/common';
import { AccountController } from './account.controller.js';
import { BalanceService } from './balance.service.js';
import { BillingScheduler } from './billing.scheduler.js';
import { BillingService } from './billing.service.js';
import { CostsController } from './costs.controller.js';
import { CostsRepository } from './costs.repository.js';
import { CostsService } from './costs.service.js';

/** Global: the collector accrues costs, and alerts, dashboard, metrics and MCP read them. */
@Global()
@Module({
  controllers: [CostsController, AccountController],
  providers: [CostsRepository, CostsService, BillingService, BillingScheduler, BalanceService],
  exports: [CostsRepository, CostsService, BillingService, BalanceService],
})
export class CostsModule {}

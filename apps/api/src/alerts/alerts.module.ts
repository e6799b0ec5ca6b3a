import { Global, Module } from '@nestjs/common';
import { InstancesModule } from '../instances/instances.module.js';
import { AlertRulesService } from './alert-rules.service.js';
import { AlertsService } from './alerts.service.js';
import { WebhooksScheduler } from './webhooks.scheduler.js';
import { WebhooksService } from './webhooks.service.js';

/**
 * Alerts (global: prune raises them too), the rules evaluated after each collection, and their
 * webhook delivery with its retry job.
 */
@Global()
@Module({
  imports: [InstancesModule],
  providers: [AlertsService, AlertRulesService, WebhooksService, WebhooksScheduler],
  exports: [AlertsService, AlertRulesService, WebhooksService],
})
export class AlertsModule {}

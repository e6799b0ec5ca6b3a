import { type DynamicModule, Global, Module } from '@nestjs/common';
import { SCHEDULE_JOBS } from '../collector/collector.scheduler.js';
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
@Module({})
export class AlertsModule {
  static register(options: { schedule: boolean }): DynamicModule {
    return {
      module: AlertsModule,
      imports: [InstancesModule],
      providers: [
        AlertsService,
        AlertRulesService,
        WebhooksService,
        WebhooksScheduler,
        { provide: SCHEDULE_JOBS, useValue: options.schedule },
      ],
      exports: [AlertsService, AlertRulesService, WebhooksService],
    };
  }
}

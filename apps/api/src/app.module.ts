import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AgentsModule } from './agents/agents.module.js';
import { AlertsModule } from './alerts/alerts.module.js';
import { AuthModule } from './auth/auth.module.js';
import { PruneModule } from './prune/prune.module.js';
import { CollectorModule } from './collector/collector.module.js';
import { Clock } from './common/clock.js';
import { CommonModule } from './common/common.module.js';
import { ConfigModule } from './config/config.module.js';
import { CostsModule } from './costs/costs.module.js';
import type { AppConfig } from './config/env.js';
import { PodwatchConfigModule } from './config/podwatch-config.module.js';
import type { PodwatchConfig } from './config/podwatch-config.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { EventsModule } from './events/events.module.js';
import { HealthModule } from './health/health.module.js';
import { InstancesModule } from './instances/instances.module.js';
import { McpModule } from './mcp/mcp.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { PodsModule } from './pods/pods.module.js';
import { PrismaModule } from './prisma/prisma.module.js';
import type { DatabaseConnection } from './prisma/prisma.service.js';
import { RunpodModule } from './runpod/runpod.module.js';
import { SnapshotsModule } from './snapshots/snapshots.module.js';

export interface AppModuleOptions {
  config: AppConfig;
  podwatch: PodwatchConfig;
  database: DatabaseConnection;
  /** Tests pass a FakeClock; otherwise the system clock. */
  clock?: Clock;
  /** Run the scheduled jobs (collection, prune, maintenance). Tests call the services instead. */
  schedule?: boolean;
}

@Global()
@Module({})
class ClockModule {
  static forRoot(clock: Clock = new Clock()): DynamicModule {
    return { module: ClockModule, providers: [{ provide: Clock, useValue: clock }], exports: [Clock] };
  }
}

@Module({})
export class AppModule {
  static register(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options.config),
        PodwatchConfigModule.forRoot(options.podwatch),
        ClockModule.forRoot(options.clock),
        PrismaModule.forRoot(options.database),
        SnapshotsModule,
        CommonModule.forRoot({ schedule: options.schedule ?? true }),
        AuthModule,
        HealthModule,
        MetricsModule,
        RunpodModule,
        InstancesModule,
        PodsModule,
        CostsModule,
        DashboardModule,
        AlertsModule,
        AgentsModule,
        EventsModule,
        CollectorModule,
        PruneModule,
        McpModule,
      ],
    };
  }
}

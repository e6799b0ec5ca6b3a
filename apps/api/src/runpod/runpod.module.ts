import { Global, Module } from '@nestjs/common';
import { RunpodClient } from '@podwatch/runpod-client';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/env.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { PodStore } from '../pods/pod-store.js';
import { RunpodBudget } from './runpod-budget.js';
import { GraphqlState } from './graphql-state.js';
import { RUNPOD_CLIENT, RunpodGateway } from './runpod.gateway.js';

@Global()
@Module({
  providers: [
    {
      provide: RUNPOD_CLIENT,
      inject: [APP_CONFIG, MetricsService, RunpodBudget],
      useFactory: (config: AppConfig, metrics: MetricsService, budget: RunpodBudget) =>
        new RunpodClient({
          // Demo mode talks to the in-process simulator, which accepts any non-empty key.
          apiKey: config.runpod.apiKey ?? 'demo',
          restUrl: config.runpod.restUrl,
          graphqlUrl: config.runpod.graphqlUrl,
          serverlessUrl: config.runpod.serverlessUrl,
          timeoutMs: config.runpod.timeoutSeconds * 1000,
          maxRetries: config.runpod.maxRetries,
          // Hooks carry the route, status, duration and rate-limit state, never the key.
          onResponse: (event) => {
            metrics.runpodResponse(event);
            budget.observe(event);
          },
          onRetry: (event) => metrics.runpodRetry(event),
        }),
    },
    PodStore,
    RunpodBudget,
    RunpodGateway,
    GraphqlState,
  ],
  exports: [RunpodGateway, PodStore, RunpodBudget, RUNPOD_CLIENT, GraphqlState],
})
export class RunpodModule {}

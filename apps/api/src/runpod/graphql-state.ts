/**
 * Whether Podwatch still calls RunPod's GraphQL, and how its last call went. RunPod retires
 * GraphQL in early 2027 (410 Gone): in `auto` mode the first 410 (or 404) switches it off for the
 * rest of the process, logged once, and no GraphQL request is sent after it. GraphQL only
 * enriches a collection (temperature, power, balance, spend), so nothing else depends on it.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { isGraphqlRetired } from '@podwatch/runpod-client';
import type { GraphqlHealth } from '@podwatch/shared';
import { Clock } from '../common/clock.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/env.js';

/** What the dashboard shows while GraphQL is retired or switched off. */
export const GRAPHQL_OFF_NOTICE =
  'RunPod GraphQL retired: temperature and power come from the pod agent; balance is estimated from billing';

@Injectable()
export class GraphqlState {
  private readonly logger = new Logger(GraphqlState.name);
  private retiredAt: Date | null = null;
  private retiredBecause: string | null = null;
  private retiredStatus: number | null = null;
  private lastOkAt: Date | null = null;
  private lastError: string | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** True while GraphQL may be called. */
  get enabled(): boolean {
    return this.config.runpod.graphql === 'auto' && this.retiredAt === null;
  }

  succeeded(): void {
    this.lastOkAt = this.clock.now();
    this.lastError = null;
  }

  /** Notes a failed call; a 410/404 retires GraphQL for the process. Returns the stale reason. */
  failed(error: unknown, reason: string): string {
    if (isGraphqlRetired(error) && this.retiredAt === null) {
      this.retiredAt = this.clock.now();
      this.retiredBecause = reason;
      this.retiredStatus = error.status;
      this.logger.warn(
        `RunPod GraphQL answered ${reason}: switched off for this process. ${GRAPHQL_OFF_NOTICE}.`,
      );
    }
    this.lastError = reason;
    return this.retiredAt ? this.unavailableReason() : `RunPod GraphQL failed: ${reason}`;
  }

  /** Why GraphQL's figures are missing while it is not called. */
  unavailableReason(): string {
    return this.config.runpod.graphql === 'off'
      ? 'RunPod GraphQL is switched off (RUNPOD_GRAPHQL=off)'
      : `RunPod GraphQL is retired (${this.retiredStatus === 404 ? '404 Not Found' : '410 Gone'})`;
  }

  health(): GraphqlHealth {
    const state =
      this.config.runpod.graphql === 'off'
        ? 'off'
        : this.retiredAt
          ? 'retired'
          : this.lastError
            ? 'failing'
            : 'on';
    return {
      state,
      mode: this.config.runpod.graphql,
      retiredAt: this.retiredAt?.toISOString() ?? null,
      retiredBecause: this.retiredBecause,
      lastOkAt: this.lastOkAt?.toISOString() ?? null,
      lastError: this.lastError,
      notice: state === 'off' || state === 'retired' ? GRAPHQL_OFF_NOTICE : null,
    };
  }
}

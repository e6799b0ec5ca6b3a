/**
 * RunPod as Podwatch sees it, for GET /health and GET /health/runpod: whether the last collection
 * reached RunPod, the last successful one and its age, and GraphQL's state. Unhealthy once three
 * collection intervals have passed without a successful collection (counted from start-up before
 * the first), so that monitors can alert on it.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { GraphqlHealth } from '@podwatch/shared';
import { Clock } from '../common/clock.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/env.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { GraphqlState } from '../runpod/graphql-state.js';

/** Intervals without a successful collection after which /health/runpod answers 503. */
export const UNHEALTHY_AFTER_INTERVALS = 3;

export interface RunpodHealth {
  /** `ok`, or `down` once UNHEALTHY_AFTER_INTERVALS intervals passed without a successful collection. */
  status: 'ok' | 'down';
  /** Whether the last collection attempt reached RunPod (its pod list); null before the first. */
  reachable: boolean | null;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  /** Seconds since the last successful collection; null before the first. */
  lastSuccessAgeSeconds: number | null;
  lastError: string | null;
  intervalSeconds: number;
  /** Why it is down; null while ok. */
  reason: string | null;
  graphql: GraphqlHealth;
}

@Injectable()
export class RunpodHealthService {
  private readonly startedAt: Date;

  constructor(
    private readonly prisma: PrismaService,
    private readonly graphql: GraphqlState,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.startedAt = clock.now();
  }

  async report(): Promise<RunpodHealth> {
    const now = this.clock.now();
    const [lastAttempt, lastSuccess] = await Promise.all([
      this.prisma.collectionCycle.findFirst({
        where: { finishedAt: { not: null } },
        orderBy: { startedAt: 'desc' },
      }),
      this.prisma.collectionCycle.findFirst({
        where: { ok: true, finishedAt: { not: null } },
        orderBy: { startedAt: 'desc' },
      }),
    ]);
    const interval = this.config.statsIntervalSeconds;
    const limitSeconds = UNHEALTHY_AFTER_INTERVALS * interval;
    const successAt = lastSuccess?.finishedAt ?? null;
    const since = successAt ?? this.startedAt;
    const ageSeconds = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 1000));
    const lastError = lastAttempt && !lastAttempt.ok ? lastAttempt.error : null;
    const down = ageSeconds >= limitSeconds;
    const what = successAt
      ? `no successful RunPod collection for ${ageSeconds} s`
      : 'no successful RunPod collection yet';
    return {
      status: down ? 'down' : 'ok',
      reachable: lastAttempt ? lastAttempt.ok : null,
      lastAttemptAt: lastAttempt?.startedAt.toISOString() ?? null,
      lastSuccessAt: successAt?.toISOString() ?? null,
      lastSuccessAgeSeconds: successAt ? ageSeconds : null,
      lastError,
      intervalSeconds: interval,
      reason: down
        ? `${what} (${UNHEALTHY_AFTER_INTERVALS} intervals of ${interval} s)${lastError ? `; last error: ${lastError}` : ''}`
        : null,
      graphql: this.graphql.health(),
    };
  }
}

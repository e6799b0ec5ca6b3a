import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { CollectionEvents } from '../common/collection-events.js';
import { DashboardService } from './dashboard.service.js';

const gzipAsync = promisify(gzip);

/** How long one build serves every reader of this replica. Countdowns tick from killAt, so a second is invisible. */
export const DASHBOARD_TTL_MS = 1_000;

export interface CachedDashboard {
  etag: string;
  json: Buffer;
  gzip: Buffer;
}

/**
 * The fleet overview is the hot read (every open dashboard polls it): it is built at most once a
 * second per replica, serialised and gzipped once, and rebuilt at once after a collection cycle or
 * any successful mutation through this replica, so that an action shows immediately.
 */
@Injectable()
export class DashboardCache implements OnModuleInit {
  private current: { value: CachedDashboard; builtAt: number } | null = null;
  private building: Promise<CachedDashboard> | null = null;
  private generation = 0;

  constructor(
    private readonly dashboard: DashboardService,
    private readonly collections: CollectionEvents,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    this.collections.onCycle(() => this.invalidate());
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    fastify?.addHook('onResponse', (request, reply, done) => {
      // Agents report every few seconds from every pod: their effect shows within the cache's second.
      const change =
        request.method !== 'GET' && request.method !== 'HEAD' && !request.url.startsWith('/api/v1/agents/');
      if (change && reply.statusCode < 400) this.invalidate();
      done();
    });
  }

  invalidate(): void {
    this.generation += 1;
    this.current = null;
  }

  async get(): Promise<CachedDashboard> {
    if (this.current && performance.now() - this.current.builtAt < DASHBOARD_TTL_MS)
      return this.current.value;
    // One build at a time; everyone waiting shares it.
    this.building ??= this.build().finally(() => {
      this.building = null;
    });
    return this.building;
  }

  private async build(): Promise<CachedDashboard> {
    const generation = this.generation;
    const body = await this.dashboard.dashboard();
    const json = Buffer.from(JSON.stringify(body));
    const stable = JSON.stringify(body, (key, value: unknown) =>
      key === 'generatedAt' || key === 'timeUntilKill' ? undefined : value,
    );
    const value = {
      etag: `W/"${createHash('sha1').update(stable).digest('base64url')}"`,
      json,
      gzip: await gzipAsync(json, { level: 6 }),
    };
    // A change during the build makes this result stale already: serve it once, do not keep it.
    if (generation === this.generation) this.current = { value, builtAt: performance.now() };
    return value;
  }
}

/**
 * Shared pieces of the benchmarks: timing, percentiles, a fresh database, the API in-process.
 * Figures are printed as one JSON line per benchmark (scripts/bench.mjs collects them).
 */
import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import { createApp } from '../src/app.factory.js';
import type { Clock } from '../src/common/clock.js';
import { loadEnv } from '../src/config/env.js';
import { parsePodwatchConfig } from '../src/config/podwatch-config.js';
import { InstancesService } from '../src/instances/instances.service.js';
import { createTestDatabase, type TestDatabase } from '../test/support/test-database.js';

export { createTestDatabase, type TestDatabase };

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

export const median = (values: number[]) => percentile(values, 50);

export async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

export function report(name: string, figures: Record<string, unknown>): void {
  console.log(`BENCH ${JSON.stringify({ name, ...figures })}`);
}

export async function startApi(options: {
  databaseUrl: string;
  env: NodeJS.ProcessEnv;
  podwatchYaml?: string;
  listen?: boolean;
  clock?: Clock;
}): Promise<{ app: NestFastifyApplication; url: string | null; close(): Promise<void> }> {
  const config = loadEnv({
    LOG_LEVEL: 'silent',
    PODWATCH_ADMIN_TOKEN: 'bench-admin-token-0123456789',
    PODWATCH_RATE_LIMIT: '0',
    ...options.env,
    DATABASE_URL: options.databaseUrl,
  });
  const podwatch = parsePodwatchConfig(options.podwatchYaml ?? '', 'podwatch.yaml');
  const app = await createApp({
    config,
    podwatch,
    schedule: false,
    ...(options.clock ? { clock: options.clock } : {}),
    database: { url: options.databaseUrl, embedded: false },
    logger: pino({ level: 'silent' }),
  });
  await app.init();
  await app.get(InstancesService).syncFromConfig(podwatch.instances);
  let url: string | null = null;
  if (options.listen) {
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = await app.getUrl();
    url = url.replace('[::1]', '127.0.0.1');
  }
  return { app, url, close: () => app.close() };
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import { createApp } from '../../src/app.factory.js';
import type { Clock } from '../../src/common/clock.js';
import { loadEnv, type AppConfig } from '../../src/config/env.js';
import { parsePodwatchConfig } from '../../src/config/podwatch-config.js';
import { InstancesService } from '../../src/instances/instances.service.js';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  stateDir: string;
  close(): Promise<void>;
}

/** The real API (all modules, real Postgres) booted in-process with Fastify's inject for requests. */
export async function startTestApp(options: {
  databaseUrl: string;
  embedded?: boolean;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** podwatch.yaml text; instances in it are synced before the app is returned. */
  podwatchYaml?: string;
  /** Receives every log line (JSON, level trace) instead of discarding them. */
  logStream?: NodeJS.WritableStream;
}): Promise<TestApp> {
  const stateDir = await mkdtemp(join(tmpdir(), 'podwatch-test-'));
  const config = loadEnv({
    PODWATCH_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    LOG_LEVEL: 'silent',
    ...options.env,
    PODWATCH_STATE_DIR: stateDir,
    DATABASE_URL: options.databaseUrl,
  });
  const podwatch = parsePodwatchConfig(options.podwatchYaml ?? '', 'podwatch.yaml');
  const app = await createApp({
    config,
    podwatch,
    schedule: false,
    database: { url: options.databaseUrl, embedded: options.embedded ?? false },
    clock: options.clock,
    logger: options.logStream ? pino({ level: 'trace' }, options.logStream) : pino({ level: 'silent' }),
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  await app.get(InstancesService).syncFromConfig(podwatch.instances);
  return {
    app,
    config,
    stateDir,
    close: async () => {
      await app.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

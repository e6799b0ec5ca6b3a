/**
 * `npm start` lands here: validate the environment and podwatch.yaml, bring up the database (the
 * server at DATABASE_URL or the embedded one), apply migrations, start the simulator in demo mode,
 * sync instances, serve the API.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '@podwatch/runpod-simulator';
import { createApp } from './app.factory.js';
import { TokensService } from './auth/tokens.service.js';
import { createLogger } from './common/logger.js';
import { ConfigError, loadEnv, type AppConfig } from './config/env.js';
import { loadPodwatchConfig, PodwatchConfigError, type PodwatchConfig } from './config/podwatch-config.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded-postgres.js';
import { withAdvisoryLock } from './db/advisory-locks.js';
import { migrateDeploy } from './db/migrations.js';
import { InstancesService } from './instances/instances.service.js';
import { backfillDemo } from './scenario/demo-backfill.js';
import { Clock } from './common/clock.js';
import { demoConfigPath, migrationsDir } from './paths.js';
import { errorMessage } from './common/errors.js';

const EXIT_CONFIG = 78;

let config: AppConfig;
let podwatch: PodwatchConfig;
try {
  config = loadEnv(process.env, { isTTY: process.stdout.isTTY });
  podwatch = await loadPodwatchConfig(
    config.demo && !config.configFileExplicit ? demoConfigPath : config.configFile,
  );
} catch (error) {
  if (!(error instanceof ConfigError) && !(error instanceof PodwatchConfigError)) throw error;
  console.error(error.message);
  process.exit(EXIT_CONFIG);
}

const logger = createLogger(config);
let embedded: EmbeddedPostgres | undefined;
let simulator: RunningSimulator | undefined;

async function start(): Promise<void> {
  if (config.demo) {
    simulator = await startSimulator({ demo: true, rateLimit: false, graphql: config.runpod.demoGraphql });
    config.runpod = {
      ...config.runpod,
      apiKey: undefined,
      restUrl: simulator.restUrl,
      graphqlUrl: simulator.graphqlUrl,
      serverlessUrl: simulator.serverlessUrl,
    };
    logger.info(
      { restUrl: simulator.restUrl },
      'RUNPOD_API_KEY is unset: demo mode with the built-in RunPod simulator',
    );
  }
  let url = config.databaseUrl;
  if (url === undefined) {
    const dataDir = join(config.stateDir, 'pglite');
    logger.info({ dataDir }, 'DATABASE_URL is unset: starting the embedded PostgreSQL (PGlite)');
    embedded = await startEmbeddedPostgres({ dataDir });
    url = embedded.url;
  }
  // On a shared server, replicas starting together apply migrations one at a time (the others then
  // find nothing to do). The embedded database is one process's and serves one connection.
  const deployUrl = url;
  const applied = embedded
    ? await migrateDeploy(url, migrationsDir)
    : await withAdvisoryLock(url, 'migrate-deploy', () => migrateDeploy(deployUrl, migrationsDir));
  logger.info(
    { applied },
    applied.length ? `applied ${applied.length} migration(s)` : 'database schema is up to date',
  );

  const database = { url, embedded: embedded !== undefined };
  if (config.demo && config.demoHistory) {
    // Only on an empty database: a week of the demo fleet simulated on the real services.
    const steps = await backfillDemo({
      database,
      podwatch,
      now: new Clock().now(),
      onStart: () => logger.info('demo mode, first start: simulating the last 7 days of the demo fleet'),
    });
    if (steps > 0) logger.info({ steps }, 'demo history ready: a week of collections, costs and prune runs');
  }

  const app = await createApp({
    config,
    podwatch,
    database,
    logger,
  });
  const synced = await app.get(InstancesService).syncFromConfig(podwatch.instances);
  logger.info(
    synced,
    `${podwatch.instances.length} instance(s) from ${podwatch.file ?? 'no podwatch.yaml (none found)'}`,
  );

  // Our own handlers rather than Nest's shutdown hooks: the embedded database must close after the
  // app (so that its data reaches disk), and the process should then exit 0.
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void app
      .close()
      .then(stopBackground)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  await app.listen({ port: config.port, host: config.host });

  const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  const tokens = app.get(TokensService);
  const lines = [
    `Podwatch is running${config.demo ? ' in demo mode (RUNPOD_API_KEY is unset: simulated RunPod)' : ''}`,
    `  Dashboard   ${base}/`,
    `  API docs    ${base}/api/docs`,
    `  Health      ${base}/health`,
    `  Database    ${embedded ? `embedded PGlite in ${embedded.dataDir}` : 'DATABASE_URL'}`,
    `  Admin token ${tokens.adminTokenSource === 'env' ? 'from PODWATCH_ADMIN_TOKEN' : `in ${tokens.adminTokenPath}`}`,
  ];
  logger.info(lines.join('\n'));
}

async function stopBackground(): Promise<void> {
  const db = embedded;
  const sim = simulator;
  embedded = undefined;
  simulator = undefined;
  await sim?.close();
  await db?.stop();
}

start().catch(async (error: unknown) => {
  logger.fatal({ err: error }, `Podwatch could not start: ${errorMessage(error)}`);
  await stopBackground().catch(() => undefined);
  logger.flush();
  process.exit(1);
});

/**
 * `podwatch sim`: the RunPod simulator, with the same flags and environment variables as its own
 * `runpod-simulator` command (`pnpm sim`). Serves until Ctrl-C.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import chalk from 'chalk';
import { CliError, EXIT } from '../api-client.js';

function nonNegativeInteger(name: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) {
      throw new InvalidArgumentError(`${name} must be a non-negative integer, got "${raw}".`);
    }
    return value;
  };
}

function fromEnv(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new CliError(`${name} must be a non-negative integer, got "${raw}".`, EXIT.usage);
  }
  return value;
}

interface SimOptions {
  port?: number;
  host: string;
  seed?: number;
  pods?: number;
  demo: boolean;
  latency?: number;
  apiKey?: string;
  rateLimit: boolean;
  clock: 'real' | 'manual';
  contract?: boolean;
  graphql?: 'up' | 'gone';
}

export function registerSimCommand(program: Command): void {
  program
    .command('sim')
    .description(
      'run the RunPod simulator (REST v2, GraphQL, serverless health) with the demo fleet, until Ctrl-C',
    )
    .option('--port <n>', 'port (env SIM_PORT, default 8090)', nonNegativeInteger('--port'))
    .option('--host <addr>', 'address to bind', '127.0.0.1')
    .option(
      '--seed <n>',
      'seed for everything random (env SIM_SEED, default 1)',
      nonNegativeInteger('--seed'),
    )
    .option(
      '--pods <n>',
      'add n generated pods to the demo fleet (env SIM_PODS)',
      nonNegativeInteger('--pods'),
    )
    .option('--no-demo', 'leave the demo fleet out')
    .option(
      '--latency <ms>',
      'add latency to every RunPod request (env SIM_LATENCY_MS)',
      nonNegativeInteger('--latency'),
    )
    .option('--api-key <key>', 'accept only this bearer key (env SIM_API_KEY)')
    .option('--no-rate-limit', 'no rate limits and no RateLimit headers')
    .addOption(
      new Option('--clock <kind>', 'real, or manual (moved only by POST /__sim/clock)')
        .choices(['real', 'manual'])
        .default('real'),
    )
    .option('--contract', 'validate every REST response against the spec (GET /__sim/contract-violations)')
    .addOption(
      new Option(
        '--graphql <state>',
        'up, or gone: /graphql answers 410, as once RunPod retires it (env SIM_GRAPHQL, default up)',
      ).choices(['up', 'gone']),
    )
    .addHelpText(
      'after',
      `
Point the API at it (not demo mode) with:
  RUNPOD_API_KEY=any RUNPOD_REST_URL=http://127.0.0.1:8090/v2 \\
  RUNPOD_GRAPHQL_URL=http://127.0.0.1:8090/graphql RUNPOD_SERVERLESS_URL=http://127.0.0.1:8090/serverless/v2 npm start

Examples:
  $ podwatch sim
  $ SIM_PORT=9090 podwatch sim --pods 200 --no-rate-limit`,
    )
    .action(async (options: SimOptions) => {
      const env = process.env;
      const apiKey = options.apiKey ?? (env.SIM_API_KEY || undefined);
      const graphql = options.graphql ?? (env.SIM_GRAPHQL || 'up');
      if (graphql !== 'up' && graphql !== 'gone') {
        throw new CliError(`SIM_GRAPHQL must be up or gone, got "${graphql}".`, EXIT.usage);
      }
      // Fastify, Ajv and GraphQL load only for this command.
      const { startSimulator } = await import('@podwatch/runpod-simulator');
      let sim;
      try {
        sim = await startSimulator({
          port: options.port ?? fromEnv('SIM_PORT', env.SIM_PORT, 8090),
          host: options.host,
          seed: options.seed ?? fromEnv('SIM_SEED', env.SIM_SEED, 1),
          demo: options.demo,
          pods: options.pods ?? fromEnv('SIM_PODS', env.SIM_PODS, 0),
          latencyMs: options.latency ?? fromEnv('SIM_LATENCY_MS', env.SIM_LATENCY_MS, 0),
          ...(apiKey ? { apiKey } : {}),
          ...(options.rateLimit ? {} : { rateLimit: false as const }),
          clock: options.clock,
          contract: options.contract ? 'record' : 'off',
          graphql,
        });
      } catch (error) {
        if ((error as { code?: string }).code === 'EADDRINUSE') {
          throw new CliError('the simulator port is in use: set SIM_PORT or --port.', EXIT.failure);
        }
        throw error;
      }
      const fleet = sim.control.listPods().length;
      console.log(
        `${chalk.green('✔')} RunPod simulator ready: ${fleet} pods${options.demo ? ' (demo fleet)' : ''}, ${options.clock} clock`,
      );
      console.log(`  REST v2     ${sim.restUrl}`);
      console.log(`  GraphQL     ${sim.graphqlUrl}${graphql === 'gone' ? ' (retired: 410 Gone)' : ''}`);
      console.log(`  Serverless  ${sim.serverlessUrl}`);
      console.log(`  Control     ${sim.controlUrl}`);
      console.log(
        `  Auth        ${apiKey ? 'Bearer key required (SIM_API_KEY)' : 'any non-empty Bearer key'}`,
      );
      console.log(chalk.dim('Ctrl-C stops it.'));
      const running = sim;
      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          console.log(`\n${signal}: stopping the simulator`);
          void running.close().then(resolve, resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}

#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startSimulator } from './server.js';

/**
 * `runpod-simulator` (`pnpm sim`): serves the demo fleet on 127.0.0.1:$SIM_PORT (8090) until
 * SIGINT/SIGTERM.
 */

const HELP = `Usage: runpod-simulator [options]

Serves a local RunPod (REST v2, GraphQL, serverless /health) with the demo fleet.

Options:
  --port <n>         port (env SIM_PORT, default 8090)
  --host <addr>      address to bind (default 127.0.0.1)
  --seed <n>         seed for everything random (env SIM_SEED, default 1)
  --pods <n>         add n generated pods to the demo fleet (env SIM_PODS)
  --no-demo          leave the demo fleet out
  --latency <ms>     add latency to every RunPod request (env SIM_LATENCY_MS)
  --api-key <key>    accept only this bearer key (env SIM_API_KEY)
  --no-rate-limit    no rate limits and no RateLimit headers
  --clock <kind>     real (default) or manual (moved only by POST /__sim/clock)
  --contract         validate every REST response against the spec (GET /__sim/contract-violations)
  --graphql <state>  up (default) or gone: POST /graphql answers 410, as after RunPod retires it (env SIM_GRAPHQL)
  -h, --help         this text`;

function integer(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`runpod-simulator: ${name} must be a non-negative integer, got "${raw}"`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        pods: { type: 'string' },
        demo: { type: 'boolean', default: true },
        latency: { type: 'string' },
        'api-key': { type: 'string' },
        'rate-limit': { type: 'boolean', default: true },
        clock: { type: 'string' },
        contract: { type: 'boolean', default: false },
        graphql: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowNegative: true,
      strict: true,
    });
  } catch (error) {
    console.error(`runpod-simulator: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    process.exit(2);
  }
  const { values } = parsed;
  if (values.help) {
    console.log(HELP);
    return;
  }
  const env = process.env;
  const clock = values.clock ?? 'real';
  if (clock !== 'real' && clock !== 'manual') {
    console.error('runpod-simulator: --clock must be real or manual');
    process.exit(2);
  }
  const graphql = values.graphql ?? (env.SIM_GRAPHQL || 'up');
  if (graphql !== 'up' && graphql !== 'gone') {
    console.error('runpod-simulator: --graphql (SIM_GRAPHQL) must be up or gone');
    process.exit(2);
  }
  const pods = integer('--pods', values.pods ?? env.SIM_PODS, 0);
  const apiKey = values['api-key'] ?? env.SIM_API_KEY;
  const sim = await startSimulator({
    port: integer('--port', values.port ?? env.SIM_PORT, 8090),
    host: values.host ?? '127.0.0.1',
    seed: integer('--seed', values.seed ?? env.SIM_SEED, 1),
    demo: values.demo,
    pods,
    latencyMs: integer('--latency', values.latency ?? env.SIM_LATENCY_MS, 0),
    ...(apiKey ? { apiKey } : {}),
    ...(values['rate-limit'] ? {} : { rateLimit: false as const }),
    clock,
    contract: values.contract ? 'record' : 'off',
    graphql,
  });
  const fleet = sim.control.podCount();
  console.log(`RunPod simulator ready: ${fleet} pods${values.demo ? ' (demo fleet)' : ''}, ${clock} clock`);
  console.log(`  REST v2     ${sim.restUrl}`);
  console.log(`  GraphQL     ${sim.graphqlUrl}${graphql === 'gone' ? ' (retired: 410 Gone)' : ''}`);
  console.log(`  Serverless  ${sim.serverlessUrl}`);
  console.log(`  Control     ${sim.controlUrl}`);
  console.log(
    apiKey ? '  Auth        Bearer key required (SIM_API_KEY)' : '  Auth        any non-empty Bearer key',
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the simulator`);
    sim.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const code = (error as { code?: string }).code;
  console.error(
    code === 'EADDRINUSE'
      ? 'runpod-simulator: the port is in use (set SIM_PORT or --port)'
      : `runpod-simulator: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});

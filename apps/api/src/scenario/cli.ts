#!/usr/bin/env node
/**
 * `pnpm scenario <file.yaml> [--json] [--seed N] [--until 6h]` (and `podwatch scenario`): runs a
 * scenario (or its first `--until` of simulated time) and prints its scorecard. Progress goes to stderr on a terminal; the scorecard (a table, or JSON)
 * to stdout. Exit 0 when the scorecard passes, 1 when it fails, 2 for bad usage or a bad file, 3
 * when the run itself broke.
 * DATABASE_URL names a PostgreSQL server for the throw-away database (else the embedded one).
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { parseDuration } from '@podwatch/shared';
import { errorMessage } from '../common/errors.js';
import { describeScenario, progressLine, scorecardPasses, scorecardTable } from './scenario-report.js';
import { loadScenario, ScenarioFileError } from './scenario-file.js';
import { runScenario } from './scenario-runner.js';

const USAGE = 'usage: pnpm scenario <file.yaml> [--json] [--seed N] [--until <duration>]';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        seed: { type: 'string' },
        until: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    console.error(`${errorMessage(error)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0)) {
    console.error(`--seed must be a non-negative integer, got "${values.seed}"`);
    return 2;
  }
  const until = values.until === undefined ? undefined : parseDuration(values.until);
  if (until === null) {
    console.error(`--until must be a duration such as 6h or 1d, got "${values.until}"`);
    return 2;
  }
  let scenario;
  try {
    scenario = await loadScenario(positionals[0]!);
  } catch (error) {
    if (error instanceof ScenarioFileError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error(errorMessage(error));
      return 2;
    }
    throw error;
  }
  const tty = process.stderr.isTTY === true;
  console.error(describeScenario(scenario, seed ?? scenario.seed));
  let lastDrawn = 0;
  const result = await runScenario(scenario, {
    ...(seed !== undefined ? { seed } : {}),
    ...(until !== undefined ? { untilSeconds: until } : {}),
    // The runner reads no environment itself: this command is where DATABASE_URL comes in.
    ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
    onStep: (done, total, at) => {
      const now = performance.now();
      if (!tty || (now - lastDrawn < 100 && done < total)) return;
      lastDrawn = now;
      process.stderr.write(`\r${progressLine(done, total, at)}`);
    },
  });
  if (tty) process.stderr.write('\n');
  for (const failure of result.failures) console.error(`job failed: ${failure}`);
  if (values.json) {
    console.log(
      JSON.stringify({ ...result.scorecard, failedJobs: result.failedJobs, wallMs: result.wallMs }, null, 2),
    );
  } else {
    console.log(scorecardTable(result.scorecard));
  }
  return scorecardPasses(result.scorecard) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`scenario failed: ${errorMessage(error)}`);
    process.exit(3);
  },
);

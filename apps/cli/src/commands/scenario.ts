/**
 * `podwatch scenario <file>`: the fleet scenario runner of the API package (`pnpm scenario`),
 * started as its own process with the same arguments, output and exit code. It runs the API's
 * services in-process, so it needs this repository's built API (apps/api/dist).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Command, InvalidArgumentError } from 'commander';
import { CliError, EXIT } from '../api-client.js';

/** apps/cli/dist/commands → apps/api/dist/scenario/cli.js */
export const SCENARIO_RUNNER = fileURLToPath(new URL('../../../api/dist/scenario/cli.js', import.meta.url));

interface ScenarioOptions {
  json?: boolean;
  seed?: string;
  until?: string;
}

export function scenarioArgs(file: string, options: ScenarioOptions): string[] {
  return [
    file,
    ...(options.json ? ['--json'] : []),
    ...(options.seed !== undefined ? ['--seed', options.seed] : []),
    ...(options.until !== undefined ? ['--until', options.until] : []),
  ];
}

export function registerScenarioCommand(program: Command, runner = SCENARIO_RUNNER): void {
  program
    .command('scenario <file>')
    .description(
      'run a fleet scenario: the real services and the simulator on a virtual clock, then a cost-control scorecard',
    )
    .option('--json', 'the scorecard as JSON')
    .option('--seed <n>', "override the file's seed", (raw: string) => {
      if (!/^\d+$/.test(raw)) throw new InvalidArgumentError('must be a non-negative integer.');
      return raw;
    })
    .option('--until <duration>', 'run only this much simulated time (e.g. 6h)')
    .addHelpText(
      'after',
      `
Exit 0 when the scorecard passes (no wrong kill, no missed stop, no flush before confirmation),
1 when it fails. DATABASE_URL names a PostgreSQL server for its throw-away database (else embedded).
The file format: packages/runpod-simulator/README.md, "Scenarios".

Examples:
  $ podwatch scenario scenarios/mixed-week.yaml
  $ podwatch scenario scenarios/faults-day.yaml --json --seed 7`,
    )
    .action(async (file: string, options: ScenarioOptions) => {
      if (!existsSync(runner)) {
        throw new CliError(
          `the scenario runner is not built (${runner}): run pnpm build first.`,
          EXIT.failure,
        );
      }
      const code = await new Promise<number>((resolve, reject) => {
        const child = spawn(process.execPath, [runner, ...scenarioArgs(file, options)], { stdio: 'inherit' });
        child.on('error', reject);
        child.on('exit', (exitCode) => resolve(exitCode ?? EXIT.failure));
      });
      if (code !== 0) process.exitCode = code;
    });
}

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerScenarioCommand, SCENARIO_RUNNER, scenarioArgs } from './scenario.js';

describe('podwatch scenario', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'podwatch-scenario-cli-'));
  });
  afterEach(async () => {
    process.exitCode = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('points at the API package’s runner', () => {
    expect(SCENARIO_RUNNER.endsWith(join('apps', 'api', 'dist', 'scenario', 'cli.js'))).toBe(true);
  });

  it('passes the file and options on', () => {
    expect(scenarioArgs('a.yaml', {})).toEqual(['a.yaml']);
    expect(scenarioArgs('a.yaml', { json: true, seed: '7', until: '6h' })).toEqual([
      'a.yaml',
      '--json',
      '--seed',
      '7',
      '--until',
      '6h',
    ]);
  });

  it('runs the runner with the arguments and keeps its exit code', async () => {
    const runner = join(dir, 'runner.mjs');
    const seen = join(dir, 'args.json');
    await writeFile(
      runner,
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(seen)}, JSON.stringify(process.argv.slice(2)));\nprocess.exit(1);\n`,
    );
    const program = new Command().exitOverride();
    registerScenarioCommand(program, runner);
    await program.parseAsync(['node', 'podwatch', 'scenario', 'week.yaml', '--json', '--seed', '3']);
    expect(JSON.parse(await readFile(seen, 'utf8'))).toEqual(['week.yaml', '--json', '--seed', '3']);
    expect(process.exitCode).toBe(1);
  });

  it('refuses a seed that is not a number', async () => {
    const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
    registerScenarioCommand(program, join(dir, 'missing.mjs'));
    await expect(
      program.parseAsync(['node', 'podwatch', 'scenario', 'a.yaml', '--seed', 'x']),
    ).rejects.toThrow(/non-negative integer/);
  });
});

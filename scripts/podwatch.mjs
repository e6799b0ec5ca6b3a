#!/usr/bin/env node
/**
 * The two root commands. `npm start`: get pnpm, install, build, run the API (which migrates and
 * serves everything). `npm test`: get pnpm, install, then lint, typecheck and test every package.
 * Needs only Node and npm; everything else comes from the npm registry.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmVersion = pkg.packageManager.replace(/^pnpm@/, '');
const localTools = join(root, '.podwatch', 'tools');

const started = Date.now();
const step = (message) => console.log(`\x1b[36m▸\x1b[0m ${message}`);
const fail = (message) => {
  console.error(`\x1b[31m✖\x1b[0m ${message}`);
  process.exit(1);
};

function versionOf(command) {
  const result = spawnSync(command, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** pnpm at the pinned version: the one on PATH, else a global install, else a local one. */
function ensurePnpm() {
  const localBin = join(localTools, 'node_modules', '.bin', 'pnpm');
  if (versionOf('pnpm') === pnpmVersion) return 'pnpm';
  if (existsSync(localBin) && versionOf(localBin) === pnpmVersion) return localBin;
  step(`Installing pnpm ${pnpmVersion} (npm install -g)`);
  const global = spawnSync('npm', ['install', '-g', `pnpm@${pnpmVersion}`, '--no-fund', '--no-audit'], {
    stdio: 'inherit',
  });
  if (global.status === 0 && versionOf('pnpm') === pnpmVersion) return 'pnpm';
  step(`Global install not possible here; installing pnpm ${pnpmVersion} into .podwatch/tools`);
  const local = spawnSync(
    'npm',
    ['install', '--prefix', localTools, `pnpm@${pnpmVersion}`, '--no-fund', '--no-audit', '--no-save'],
    { stdio: 'inherit' },
  );
  if (local.status !== 0 || versionOf(localBin) !== pnpmVersion)
    fail(`Could not install pnpm ${pnpmVersion}.`);
  return localBin;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) fail(`${command} ${args.join(' ')}: ${result.error.message}`);
  return result.status ?? 1;
}

function install(pnpm) {
  step('Installing dependencies (pnpm install --frozen-lockfile)');
  const status = run(
    pnpm,
    ['install', '--frozen-lockfile', '--prefer-offline', '--config.confirmModulesPurge=false'],
    {
      env: { ...process.env, CI: 'true' },
    },
  );
  if (status !== 0) fail('Dependency installation failed (see above).');
}

function start(pnpm, args) {
  step('Building (turbo run build; cached after the first time)');
  if (run(pnpm, ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']) !== 0)
    fail('The build failed (see above).');
  step(`Ready in ${Math.round((Date.now() - started) / 1000)} s; starting Podwatch`);
  const child = spawn(process.execPath, [join(root, 'apps', 'api', 'dist', 'main.js'), ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/**
 * The browser tests drive Debian's Chromium (never a downloaded browser). Installed here when
 * missing and this machine can (root with apt-get); otherwise the browser tests say what is missing.
 */
function ensureChromium() {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (existsSync(path)) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) {
    step(
      `Chromium is not installed at ${path}; the browser tests will fail until it is (apt-get install chromium)`,
    );
    return;
  }
  step('Installing Chromium for the browser tests (apt-get install chromium)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (
    run('apt-get', ['update', '-qq'], { env }) !== 0 ||
    run('apt-get', ['install', '-y', '-qq', 'chromium'], { env }) !== 0
  ) {
    fail('Could not install Chromium with apt-get (see above).');
  }
}

function test(pnpm, args) {
  ensureChromium();
  step('Checking formatting (prettier --check)');
  const formatted = run(pnpm, ['exec', 'prettier', '--check', '--log-level=warn', '.']);
  step('Running lint, typecheck and every test suite (turbo)');
  // Three tasks at a time: the suites start servers, browsers and databases, and on a two-core
  // machine more at once only turns into timeouts.
  const status = run(pnpm, [
    'exec',
    'turbo',
    'run',
    'lint',
    'typecheck',
    'test',
    '--continue',
    '--concurrency=3',
    ...args,
  ]);
  step(`Finished in ${Math.round((Date.now() - started) / 1000)} s`);
  if (formatted !== 0) console.error('Formatting differs from Prettier: run `pnpm format`.');
  process.exit(status || formatted);
}

const [command, ...rest] = process.argv.slice(2);
if (command !== 'start' && command !== 'test') fail('usage: podwatch.mjs start|test');
const pnpm = ensurePnpm();
install(pnpm);
if (command === 'start') start(pnpm, rest);
else test(pnpm, rest);

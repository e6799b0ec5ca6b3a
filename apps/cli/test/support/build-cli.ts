/**
 * Vitest global setup: the command and tmux tests run the built binary, so build it from the
 * sources under test first (turbo has usually done so already; tsc is quick when nothing changed).
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { CLI_ROOT } from './paths.js';

export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: CLI_ROOT, stdio: 'inherit' });
}

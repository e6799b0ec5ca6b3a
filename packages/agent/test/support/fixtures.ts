/** Paths of the fixture files, and scripts that stand in for nvidia-smi and tmux. */
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixture = (path: string): string =>
  fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));

export const H100_IDLE_XML = fixture('nvidia-smi/h100-idle-q.xml');
export const TWO_GPUS_XML = fixture('nvidia-smi/two-gpus-busy-q.xml');
export const PROC_FIRST = fixture('proc/first');
export const PROC_SECOND = fixture('proc/second');

/** A directory for throw-away scripts. */
export function scratchDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'podwatch-agent-test-'));
}

/** Writes an executable shell script and returns its path. */
export async function script(dir: string, name: string, body: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

/** An nvidia-smi that prints `file` (whatever arguments it gets). */
export function smiPrinting(dir: string, file: string, name = 'nvidia-smi'): Promise<string> {
  return script(dir, name, `cat '${file}'`);
}

import { fileURLToPath } from 'node:url';

export const CLI_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI_MAIN = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
export const API_MAIN = fileURLToPath(new URL('../../../api/dist/main.js', import.meta.url));

/**
 * The environment without anything that would point a child at another API, database or RunPod
 * account, or change how it renders (CI makes Ink hold frames back).
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (
      name.startsWith('PODWATCH_') ||
      name.startsWith('RUNPOD_') ||
      name.startsWith('SIM_') ||
      [
        'DATABASE_URL',
        'CI',
        'FORCE_COLOR',
        'NO_COLOR',
        'STATS_INTERVAL',
        'PRUNE_INTERVAL',
        'PORT',
        'HOST',
      ].includes(name)
    ) {
      delete env[name];
    }
  }
  return env;
}

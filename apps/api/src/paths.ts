import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

/** The repository root, found from this file so that it holds from src/ (tests) and dist/ alike. */
export const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
export const prismaSchemaPath = join(repoRoot, 'prisma', 'schema.prisma');
export const migrationsDir = join(repoRoot, 'prisma', 'migrations');
/** Local state: embedded database, generated admin token. Git-ignored. */
export const defaultStateDir = join(repoRoot, '.podwatch');
export const webDistDir = join(repoRoot, 'apps', 'web', 'dist');
/** The configuration demo mode uses, bound to the simulator's demo fleet. */
export const demoConfigPath = join(repoRoot, 'apps', 'api', 'demo', 'podwatch.yaml');

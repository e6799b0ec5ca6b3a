/**
 * The embedded database is one process's: PGlite opened twice on one data directory damages it.
 * A lock file next to the data directory holds the owner's PID (as Postgres's own postmaster.pid
 * does): a second process refuses to start and names the holder; a lock whose process is gone
 * (killed with -9) is taken over; the lock is removed on a normal exit.
 */
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

export class EmbeddedDatabaseLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly holderPid: number,
  ) {
    super(
      `The embedded database is in use by another Podwatch process (PID ${holderPid}, lock file ${lockPath}). ` +
        'Stop that process first, give this one another PODWATCH_STATE_DIR, or run several replicas on a ' +
        'PostgreSQL server with DATABASE_URL.',
    );
    this.name = 'EmbeddedDatabaseLockedError';
  }
}

interface LockContent {
  pid: number;
  host: string;
}

function readHolder(path: string): LockContent | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockContent>;
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, host: String(parsed.host ?? '') } : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock at `path` for this process; the returned function releases it. */
export function lockEmbeddedDatabase(path: string): () => void {
  const content = JSON.stringify({ pid: process.pid, host: hostname() } satisfies LockContent);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    // Written whole under a private name, then linked into place: the lock never exists half-written.
    const draft = `${path}.${process.pid}`;
    writeFileSync(draft, `${content}\n`, { mode: 0o600 });
    try {
      linkSync(draft, path);
      unlinkSync(draft);
      return release(path);
    } catch (error) {
      unlinkSync(draft);
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(path);
    if (holder && holder.pid !== process.pid && (holder.host !== hostname() || alive(holder.pid)))
      throw new EmbeddedDatabaseLockedError(path, holder.pid);
    // Stale (its process is gone) or unreadable: move it away atomically (one contender wins), retry.
    try {
      renameSync(path, `${path}.stale`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(`Could not take the embedded database lock ${path}`);
}

function release(path: string): () => void {
  let released = false;
  const unlock = () => {
    if (released) return;
    released = true;
    process.off('exit', unlock);
    if (readHolder(path)?.pid !== process.pid) return;
    try {
      unlinkSync(path);
    } catch {
      // Already gone: nothing to release.
    }
  };
  process.on('exit', unlock);
  return unlock;
}

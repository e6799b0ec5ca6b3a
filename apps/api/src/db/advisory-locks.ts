import pg from 'pg';

/** First key of Podwatch's advisory locks ('podw'), so they cannot collide with other applications'. */
export const LOCK_NAMESPACE = 0x706f6477;

/**
 * Runs `run` while holding the session advisory lock `name` on its own connection to `url`,
 * waiting for it if another process holds it (replicas starting together migrate one at a time).
 * The lock goes with the connection, so a process that dies mid-run does not leave it held.
 */
export async function withAdvisoryLock<T>(url: string, name: string, run: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1, hashtext($2))', [LOCK_NAMESPACE, name]);
    return await run();
  } finally {
    await client.end().catch(() => undefined);
  }
}

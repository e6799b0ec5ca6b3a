import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { LOCK_NAMESPACE } from '../db/advisory-locks.js';
import { DATABASE, type DatabaseConnection } from '../prisma/prisma.service.js';

export type LockResult<T> = { ran: true; value: T } | { ran: false };

/**
 * Runs a scheduled job at most once at a time across every API replica sharing the database: a
 * Postgres session advisory lock held on a dedicated connection for the job's duration (released
 * with the connection if the process dies). The embedded database serves one process with one
 * connection, so there an in-process guard is the whole story.
 */
@Injectable()
export class JobLock implements OnModuleDestroy {
  private readonly running = new Set<string>();
  private readonly pool: pg.Pool | null;

  constructor(@Inject(DATABASE) database: DatabaseConnection) {
    this.pool = database.embedded
      ? null
      : new pg.Pool({
          connectionString: database.url,
          max: 4,
          idleTimeoutMillis: 30_000,
          connectionTimeoutMillis: 5_000,
        });
    this.pool?.on('error', () => undefined);
  }

  async run<T>(name: string, job: () => Promise<T>): Promise<LockResult<T>> {
    if (this.running.has(name)) return { ran: false };
    this.running.add(name);
    try {
      if (!this.pool) return { ran: true, value: await job() };
      const client = await this.pool.connect();
      let broken = false;
      // Removed again below: the pooled client outlives this run, and a listener per run would pile up.
      const onError = () => {
        broken = true;
      };
      client.on('error', onError);
      try {
        const { rows } = await client.query<{ locked: boolean }>(
          'select pg_try_advisory_lock($1, hashtext($2)) as locked',
          [LOCK_NAMESPACE, name],
        );
        if (!rows[0]?.locked) return { ran: false };
        try {
          return { ran: true, value: await job() };
        } finally {
          await client
            .query('select pg_advisory_unlock($1, hashtext($2))', [LOCK_NAMESPACE, name])
            .catch(() => {
              broken = true;
            });
        }
      } finally {
        client.off('error', onError);
        // A connection that failed is discarded, which also drops any lock it still held.
        client.release(broken);
      }
    } finally {
      this.running.delete(name);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.end();
  }
}

/**
 * The embedded default database: PGlite (PostgreSQL compiled to WebAssembly) behind its
 * wire-protocol socket server, so that Prisma, the migration engine and psql use it like any Postgres.
 * PGlite has one backend session: every pool that talks to it must use a single connection.
 */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { lockEmbeddedDatabase } from './embedded-lock.js';

export interface EmbeddedPostgres {
  url: string;
  /** `null` for an in-memory database. */
  dataDir: string | null;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(
  options: { dataDir?: string; port?: number } = {},
): Promise<EmbeddedPostgres> {
  const dataDir = options.dataDir;
  let unlock: () => void = () => undefined;
  let db: PGlite;
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
    unlock = lockEmbeddedDatabase(`${dataDir}.lock`);
    try {
      db = await PGlite.create({ dataDir });
    } catch (error) {
      unlock();
      throw new EmbeddedDatabaseDamagedError(dataDir, error);
    }
  } else {
    db = await PGlite.create({});
  }
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: options.port ?? 0 });
  try {
    await server.start();
  } catch (error) {
    await db.close().catch(() => undefined);
    unlock();
    throw error;
  }
  return {
    url: `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`,
    dataDir: dataDir ?? null,
    stop: async () => {
      try {
        await server.stop();
        await db.close();
      } finally {
        unlock();
      }
    },
  };
}

/** PGlite could not open the data directory: says where it is and how to start afresh. */
export class EmbeddedDatabaseDamagedError extends Error {
  constructor(
    readonly dataDir: string,
    cause: unknown,
  ) {
    super(
      `The embedded database in ${dataDir} could not be opened and is probably damaged ` +
        `(${cause instanceof Error ? cause.message : String(cause)}). With Podwatch stopped, move it aside ` +
        `(mv ${dataDir} ${dataDir}.damaged) and start again to begin with an empty database, ` +
        'or set DATABASE_URL to use a PostgreSQL server.',
      { cause },
    );
    this.name = 'EmbeddedDatabaseDamagedError';
  }
}

/**
 * The embedded default database: PGlite (PostgreSQL compiled to WebAssembly) behind its
 * wire-protocol socket server, so that Prisma, the migration engine and psql use it like any Postgres.
 * PGlite has one backend session: every pool that talks to it must use a single connection.
 */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  /** `null` for an in-memory database. */
  dataDir: string | null;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(
  options: { dataDir?: string; port?: number } = {},
): Promise<EmbeddedPostgres> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: options.port ?? 0 });
  await server.start();
  return {
    url: `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`,
    dataDir: options.dataDir ?? null,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}

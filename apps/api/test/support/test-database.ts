/**
 * Each integration test file gets its own freshly migrated database: created on the server at
 * TEST_DATABASE_URL / DATABASE_URL / 127.0.0.1:5432 and dropped afterwards, or, when no server
 * answers, an in-memory embedded PGlite (with a printed notice). Under CI a server is required:
 * CI must not quietly test against the embedded database instead.
 */
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { migrateDeploy } from '../../src/db/migrations.js';
import { migrationsDir } from '../../src/paths.js';

export interface TestDatabase {
  url: string;
  /** The server's maintenance URL (for creating shadow databases), `null` when embedded. */
  adminUrl: string | null;
  embedded: boolean;
  drop(): Promise<void>;
}

const DEFAULT_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export function serverAdminUrl(): string {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || DEFAULT_ADMIN_URL;
}

export async function serverReachable(adminUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    if (process.env.CI)
      throw new Error(
        `CI is set but no PostgreSQL server answers at ${redact(adminUrl)} (${(error as Error).message}); ` +
          'start it (.ci/run does) or set TEST_DATABASE_URL.',
        { cause: error },
      );
    console.warn(
      `Notice: no PostgreSQL server at ${redact(adminUrl)} (${(error as Error).message}); ` +
        'using the embedded PGlite database for this test file.',
    );
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  const adminUrl = serverAdminUrl();
  if (!(await serverReachable(adminUrl))) {
    const db = await startEmbeddedPostgres();
    if (migrate) await migrateDeploy(db.url, migrationsDir);
    return { url: db.url, adminUrl: null, embedded: true, drop: () => db.stop() };
  }
  const name = `podwatch_test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  if (migrate) await migrateDeploy(url.toString(), migrationsDir);
  return {
    url: url.toString(),
    adminUrl,
    embedded: false,
    drop: async () => {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await dropper.end();
    },
  };
}

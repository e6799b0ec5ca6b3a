import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { migrateCheck, migrateDeploy, migrateStatus, readMigrations } from '../src/db/migrations.js';
import { temporaryDatabaseShadow, type ShadowFactory } from '../src/db/schema-engine.js';
import { migrationsDir, prismaSchemaPath } from '../src/paths.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

describe('migrations', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('apply every committed migration to an empty database, once', async () => {
    const committed = (await readMigrations(migrationsDir)).migrationDirectories.map((d) => d.path);
    expect(committed.length).toBeGreaterThan(0);

    expect(await migrateDeploy(db.url, migrationsDir)).toEqual(committed);
    expect(await migrateDeploy(db.url, migrationsDir)).toEqual([]);
    expect(await migrateStatus(db.url, migrationsDir)).toMatchObject({ pending: [], failed: [], edited: [] });

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const tables = await client.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = 'public' order by 1",
      );
      expect(tables.rows.map((r) => r.table_name)).toEqual(
        expect.arrayContaining([
          'Instance',
          'Pod',
          'PodSnapshot',
          'TelemetrySample',
          'ActivityEvent',
          'PruneRun',
          'AuditEvent',
          'AgentSession',
        ]),
      );
      const applied = await client.query('select migration_name, finished_at from _prisma_migrations');
      expect(applied.rowCount).toBe(committed.length);
    } finally {
      await client.end();
    }
  });

  it('leave prisma/schema.prisma and prisma/migrations in agreement', async () => {
    let shadow: ShadowFactory;
    if (db.adminUrl) {
      shadow = temporaryDatabaseShadow(db.adminUrl);
    } else {
      shadow = async () => {
        const scratch = await startEmbeddedPostgres();
        return { url: scratch.url, dispose: () => scratch.stop() };
      };
    }
    const result = await migrateCheck({ url: db.url, shadow, schemaPath: prismaSchemaPath, migrationsDir });
    expect(result.difference).toBe('');
    expect(result.inSync).toBe(true);
  });
});

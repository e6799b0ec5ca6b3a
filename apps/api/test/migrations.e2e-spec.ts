import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import {
  migrateCheck,
  migrateCreate,
  migrateDeploy,
  migrateStatus,
  readMigrations,
} from '../src/db/migrations.js';
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

  const shadow = (): ShadowFactory =>
    db.adminUrl
      ? temporaryDatabaseShadow(db.adminUrl)
      : async () => {
          const scratch = await startEmbeddedPostgres();
          return { url: scratch.url, dispose: () => scratch.stop() };
        };

  it('leave prisma/schema.prisma and prisma/migrations in agreement', async () => {
    const result = await migrateCheck({
      url: db.url,
      shadow: shadow(),
      schemaPath: prismaSchemaPath,
      migrationsDir,
    });
    expect(result.difference).toBe('');
    expect(result.inSync).toBe(true);
  });

  it('tell a schema change without its migration, and write that migration', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'podwatch-migrations-'));
    try {
      const schemaPath = join(scratch, 'schema.prisma');
      const changedDir = join(scratch, 'migrations');
      const schema = await readFile(prismaSchemaPath, 'utf8');
      const changed = schema.replace(/^model Instance \{\n/m, '$&  ownerEmail String?\n');
      expect(changed).not.toBe(schema);
      await writeFile(schemaPath, changed);
      await cp(migrationsDir, changedDir, { recursive: true });
      const options = { url: db.url, shadow: shadow(), schemaPath, migrationsDir: changedDir };

      const drift = await migrateCheck(options);
      expect(drift.inSync).toBe(false);
      expect(drift.difference).toMatch(/Instance[\s\S]*ownerEmail/);

      const created = await migrateCreate({
        ...options,
        name: 'Add owner email',
        now: new Date('2026-12-01T00:00:00Z'),
      });
      expect(created).toBe(join(changedDir, '20261201000000_add_owner_email'));
      expect(await readFile(join(created!, 'migration.sql'), 'utf8')).toMatch(
        /ALTER TABLE "Instance" ADD COLUMN\s+"ownerEmail" TEXT/,
      );
      expect(await migrateCheck(options)).toEqual({ inSync: true, difference: '' });
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});

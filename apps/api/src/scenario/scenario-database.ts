/**
 * A throw-away database for one scenario run: created on the server at DATABASE_URL and dropped
 * afterwards, or, without DATABASE_URL, an in-memory embedded PGlite. Migrated either way.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startEmbeddedPostgres } from '../db/embedded-postgres.js';
import { migrateDeploy } from '../db/migrations.js';
import { migrationsDir } from '../paths.js';

export interface ScenarioDatabase {
  url: string;
  embedded: boolean;
  drop(): Promise<void>;
}

export async function createScenarioDatabase(serverUrl: string | undefined): Promise<ScenarioDatabase> {
  if (!serverUrl) {
    const db = await startEmbeddedPostgres();
    await migrateDeploy(db.url, migrationsDir);
    return { url: db.url, embedded: true, drop: () => db.stop() };
  }
  const name = `podwatch_scenario_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const drop = async () => {
    const dropper = new pg.Client({ connectionString: serverUrl });
    await dropper.connect();
    try {
      await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await dropper.end();
    }
  };
  try {
    await migrateDeploy(url.toString(), migrationsDir);
  } catch (error) {
    await drop();
    throw error;
  }
  return { url: url.toString(), embedded: false, drop };
}

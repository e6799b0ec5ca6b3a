#!/usr/bin/env node
/**
 * Offline stand-in for `prisma migrate`: deploy | create <name> | check | status.
 * DATABASE_URL selects the server; without it, deploy/status use the embedded database under
 * .podwatch/ and create/check diff against throw-away in-memory PGlite databases.
 */
import { join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';
import { migrateCheck, migrateCreate, migrateDeploy, migrateStatus } from './migrations.js';
import { temporaryDatabaseShadow, type ShadowFactory } from './schema-engine.js';
import { defaultStateDir, migrationsDir, prismaSchemaPath } from '../paths.js';

const usage = 'usage: migrate-cli deploy | create <name> | check | status';

async function main(argv: string[]): Promise<number> {
  const [command, name] = argv;
  const serverUrl = process.env.DATABASE_URL || undefined;
  const started: EmbeddedPostgres[] = [];
  const embedded = async (dataDir?: string) => {
    const db = await startEmbeddedPostgres({ dataDir });
    started.push(db);
    return db;
  };
  try {
    switch (command) {
      case 'deploy':
      case 'status': {
        const url = serverUrl ?? (await embedded(join(defaultStateDir, 'pglite'))).url;
        if (command === 'deploy') {
          const applied = await migrateDeploy(url, migrationsDir);
          console.log(
            applied.length
              ? `Applied ${applied.length} migration(s): ${applied.join(', ')}`
              : 'No pending migrations.',
          );
          return 0;
        }
        const status = await migrateStatus(url, migrationsDir);
        console.log(JSON.stringify(status, null, 2));
        return status.pending.length || status.failed.length ? 1 : 0;
      }
      case 'create':
      case 'check': {
        if (command === 'create' && !name) {
          console.error(usage);
          return 64;
        }
        let url: string;
        let shadow: ShadowFactory;
        if (serverUrl) {
          url = serverUrl;
          shadow = temporaryDatabaseShadow(serverUrl);
        } else {
          url = (await embedded()).url;
          shadow = async () => {
            const db = await startEmbeddedPostgres();
            return { url: db.url, dispose: () => db.stop() };
          };
        }
        const options = { url, shadow, schemaPath: prismaSchemaPath, migrationsDir };
        if (command === 'create') {
          const directory = await migrateCreate({ ...options, name: name! });
          console.log(directory ? `Created ${directory}` : 'The schema adds nothing: no migration created.');
          return 0;
        }
        const check = await migrateCheck(options);
        if (check.inSync) {
          console.log('prisma/schema.prisma matches prisma/migrations.');
          return 0;
        }
        console.error(
          `prisma/schema.prisma differs from prisma/migrations:\n${check.difference}\nRun: pnpm db:create <name>`,
        );
        return 2;
      }
      default:
        console.error(usage);
        return 64;
    }
  } finally {
    for (const db of started) await db.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);

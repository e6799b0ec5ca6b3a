/**
 * Prisma's schema engine (migrations, diffs) running as WebAssembly over node-postgres, so that
 * nothing is downloaded: the native engine `prisma migrate` wants cannot be fetched offline.
 * See ../shared/PRISMA-OFFLINE.md for why each adjustment below exists.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
} from '@prisma/driver-adapter-utils';
import type * as SchemaEngineGlue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';
import pg from 'pg';

export type { SchemaEngine };

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/** The few WebAssembly APIs used here (@types/node 20 does not declare them). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => { exports: Record<string, unknown> };
}
const { WebAssembly } = globalThis as unknown as { WebAssembly: WasmApi };

type Glue = typeof SchemaEngineGlue;
let gluePromise: Promise<Glue> | undefined;

async function loadGlue(): Promise<Glue> {
  const globals = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
  // A Rust panic reports its message here; without it the panic surfaces as an unrelated TypeError.
  globals.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message: string) {
      lastPanic = message;
    },
  };
  const gluePath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const glue = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as Glue &
    Record<string, unknown>;
  const bytes = await readFile(join(dirname(gluePath), 'schema_engine_bg.wasm'));
  const imports: Record<string, unknown> = { ...glue };
  for (const [name, fn] of Object.entries(glue)) {
    // The engine arms a 10 s advisory-lock timer; unref it so that scripts exit when done.
    if (name.startsWith('__wbg_setTimeout_') && typeof fn === 'function') {
      imports[name] = (...args: unknown[]) => {
        const timer = (fn as (...a: unknown[]) => NodeJS.Timeout)(...args);
        timer.unref?.();
        return timer;
      };
    }
  }
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    './schema_engine_bg.js': imports,
  });
  (glue.__wbg_set_wasm as (exports: Record<string, unknown>) => void)(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

let lastPanic: string | undefined;

/** node-postgres' pool, as PrismaPg holds it (`underlyingDriver()`). */
type PgAdapter = SqlDriverAdapter & {
  performIO(query: SqlQuery): Promise<pg.QueryResult>;
  underlyingDriver(): pg.Pool;
};

/**
 * Adjusts a PrismaPg adapter for the schema engine:
 * - Postgres's one-byte `"char"` type (catalog queries) is read as text but reported as `Character`;
 *   PrismaPg rejects it, and reporting it as text makes the engine panic on PG 18.
 * - A migration script goes to the server as one simple query (one implicit transaction), where
 *   PrismaPg would split it on `;` and break `$$` bodies.
 */
function adaptForSchemaEngine(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const target = adapter as PgAdapter;
  const performIO = target.performIO.bind(target);
  const queryRaw = (Object.getPrototypeOf(Object.getPrototypeOf(target)) as { queryRaw: unknown })
    .queryRaw as (this: PgAdapter, query: SqlQuery) => Promise<SqlResultSet>;
  target.queryRaw = async (query: SqlQuery) => {
    const charColumns: number[] = [];
    const view = Object.create(target, {
      performIO: {
        value: async (q: SqlQuery) => {
          const result = await performIO(q);
          result.fields.forEach((field, index) => {
            if (field.dataTypeID === PG_CHAR_OID) {
              charColumns.push(index);
              field.dataTypeID = PG_TEXT_OID;
            }
          });
          return result;
        },
      },
    }) as PgAdapter;
    const result = await queryRaw.call(view, query);
    for (const index of charColumns) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  const pool = target.underlyingDriver();
  target.executeScript = async (script: string) => {
    try {
      await pool.query(script);
    } catch (error) {
      (target as unknown as { onError(e: unknown): never }).onError(error);
    }
  };
  return target;
}

export interface ShadowDatabase {
  url: string;
  dispose(): Promise<void>;
}

/** Makes a throw-away empty database for diffs; the engine never resets an explicit shadow. */
export type ShadowFactory = () => Promise<ShadowDatabase>;

/** A uniquely named temporary database on the same server, dropped after its pool is closed. */
export function temporaryDatabaseShadow(adminUrl: string): ShadowFactory {
  return async () => {
    const name = `podwatch_shadow_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      dispose: async () => {
        const dropper = new pg.Client({ connectionString: adminUrl });
        await dropper.connect();
        try {
          await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        } finally {
          await dropper.end();
        }
      },
    };
  };
}

class EngineAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName = '@prisma/adapter-pg';
  private readonly disposers: (() => Promise<void>)[] = [];

  constructor(
    private readonly url: string,
    private readonly shadow?: ShadowFactory,
  ) {}

  async connect(): Promise<SqlDriverAdapter> {
    // One connection: the engine's session advisory lock and its scripts must share a session.
    const adapter = adaptForSchemaEngine(
      await new PrismaPg({ connectionString: this.url, max: 1 }).connect(),
    );
    this.disposers.push(() => adapter.dispose());
    return adapter;
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    if (!this.shadow) throw new Error('This command needs a shadow database, and none was configured.');
    const shadow = await this.shadow();
    const adapter = adaptForSchemaEngine(
      await new PrismaPg({ connectionString: shadow.url, max: 1 }).connect(),
    );
    const dispose = adapter.dispose.bind(adapter);
    let disposed = false;
    const release = async () => {
      if (disposed) return;
      disposed = true;
      await dispose();
      await shadow.dispose();
    };
    adapter.dispose = release;
    this.disposers.push(release);
    return adapter;
  }

  async close(): Promise<void> {
    const pending = this.disposers.splice(0);
    for (const dispose of pending.reverse()) await dispose().catch(() => undefined);
  }
}

export interface EngineSession {
  engine: SchemaEngine;
  close(): Promise<void>;
}

/** Opens the wasm schema engine on `url`; always `close()` it (the engine never frees its pools). */
export async function openSchemaEngine(url: string, shadow?: ShadowFactory): Promise<EngineSession> {
  gluePromise ??= loadGlue();
  const glue = await gluePromise;
  const factory = new EngineAdapterFactory(url, shadow);
  const logs: string[] = [];
  let engine: SchemaEngine;
  try {
    engine = await glue.SchemaEngine.new(
      { datamodels: undefined },
      (log: string) => {
        logs.push(log);
      },
      bindMigrationAwareSqlAdapterFactory(factory),
    );
  } catch (error) {
    await factory.close();
    throw engineError(error);
  }
  return {
    engine,
    close: async () => {
      engine.free();
      await factory.close();
    },
  };
}

/** Turns what the engine throws (often a JSON-ish object) into an Error with a readable message. */
export function engineError(error: unknown): Error {
  if (error instanceof Error) {
    if (lastPanic) error.message += ` (engine panic: ${lastPanic})`;
    return error;
  }
  const message =
    typeof error === 'object' && error !== null && 'message' in error
      ? String(error.message)
      : JSON.stringify(error);
  return new Error(message);
}

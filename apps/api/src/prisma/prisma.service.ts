import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';

/** Where the database is; set by main.ts (or a test) once the server or embedded database is up. */
export const DATABASE = Symbol('DATABASE');

export interface DatabaseConnection {
  url: string;
  /** PGlite serves one session: the pool must hold a single connection. */
  embedded: boolean;
}

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  constructor(@Inject(DATABASE) readonly database: DatabaseConnection) {
    super({
      adapter: new PrismaPg({
        connectionString: database.url,
        max: database.embedded ? 1 : 10,
        connectionTimeoutMillis: 5_000,
      }),
      // Prisma's 5 s default fails the instance sync of a few dozen instances on a busy server
      // (a statement each), and an expired transaction surfaces as a misleading foreign-key error.
      transactionOptions: { timeout: 60_000 },
    });
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}

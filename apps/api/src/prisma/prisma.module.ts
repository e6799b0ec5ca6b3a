import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DATABASE, type DatabaseConnection, PrismaService } from './prisma.service.js';

@Global()
@Module({})
export class PrismaModule {
  static forRoot(database: DatabaseConnection): DynamicModule {
    return {
      module: PrismaModule,
      providers: [{ provide: DATABASE, useValue: database }, PrismaService],
      exports: [PrismaService, DATABASE],
    };
  }
}

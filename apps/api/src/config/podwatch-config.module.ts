import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { PodwatchConfig } from './podwatch-config.js';

/** Injection token of the validated podwatch.yaml. */
export const PODWATCH_CONFIG = Symbol('PODWATCH_CONFIG');

@Global()
@Module({})
export class PodwatchConfigModule {
  static forRoot(config: PodwatchConfig): DynamicModule {
    return {
      module: PodwatchConfigModule,
      providers: [{ provide: PODWATCH_CONFIG, useValue: config }],
      exports: [PODWATCH_CONFIG],
    };
  }
}

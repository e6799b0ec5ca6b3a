import { Module } from '@nestjs/common';
import { TelemetryRepository } from './telemetry.repository.js';

@Module({ providers: [TelemetryRepository], exports: [TelemetryRepository] })
export class TelemetryModule {}

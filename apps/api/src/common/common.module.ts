import { Global, Module } from '@nestjs/common';
import { CollectionEvents } from './collection-events.js';
import { JobLock } from './job-lock.js';

@Global()
@Module({ providers: [JobLock, CollectionEvents], exports: [JobLock, CollectionEvents] })
export class CommonModule {}

import { type DynamicModule, Global, Module } from '@nestjs/common';
import { CollectionEvents } from './collection-events.js';
import { JobLock } from './job-lock.js';
import { JobSlots } from './job-slots.js';
import { SCHEDULE_JOBS, ScheduledJobs } from './scheduled-jobs.js';

@Global()
@Module({})
export class CommonModule {
  static forRoot(options: { schedule: boolean }): DynamicModule {
    return {
      module: CommonModule,
      providers: [
        JobLock,
        JobSlots,
        CollectionEvents,
        ScheduledJobs,
        { provide: SCHEDULE_JOBS, useValue: options.schedule },
      ],
      exports: [JobLock, CollectionEvents, ScheduledJobs],
    };
  }
}

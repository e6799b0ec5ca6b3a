import { Global, Module } from '@nestjs/common';
import { SnapshotStore } from './snapshot-store.js';

/** Global: every feature that changes an instance's live stats goes through the one writer. */
@Global()
@Module({ providers: [SnapshotStore], exports: [SnapshotStore] })
export class SnapshotsModule {}

import { hostname } from 'node:os';
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service.js';
import { Clock } from './clock.js';

/** How long a claimed slot row is kept: long enough to see which replica ran recent intervals. */
const SLOT_RETENTION_MS = 24 * 3_600_000;

/** This process among the replicas: what `JobSlot.claimedBy` records. */
export const REPLICA_ID = `${hostname()}/${process.pid}`;

/** The interval that `at` falls in, for a job that runs every `intervalMs`. */
export function slotOf(at: Date, intervalMs: number): number {
  return Math.floor(at.getTime() / intervalMs);
}

/**
 * Claimed-slot rows: a scheduled job's interval is run by the one replica whose
 * `INSERT … ON CONFLICT DO NOTHING` on (job, slot) inserted the row. Any replica may claim any
 * slot, so when the replica that ran the last interval dies, whichever ticks next runs the next.
 */
@Injectable()
export class JobSlots {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  /** True when this replica claimed `slot` of `job` (and should run it); false when another did. */
  async claim(job: string, slot: number, intervalMs: number): Promise<boolean> {
    const inserted = await this.prisma.$executeRaw`
      INSERT INTO "JobSlot" ("job", "slot", "claimedBy", "claimedAt")
      VALUES (${job}, ${BigInt(slot)}, ${REPLICA_ID}, ${this.clock.now()})
      ON CONFLICT DO NOTHING`;
    if (inserted !== 1) return false;
    const keep = Math.ceil(SLOT_RETENTION_MS / intervalMs);
    await this.prisma.$executeRaw`
      DELETE FROM "JobSlot" WHERE "job" = ${job} AND "slot" < ${BigInt(slot - keep)}`;
    return true;
  }
}

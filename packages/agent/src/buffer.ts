/**
 * Reports waiting for the API, oldest first. Bounded: when full the oldest is dropped and counted,
 * and the count travels with the next report delivered, so the API knows there is a gap.
 */
import type { AgentReport } from '@podwatch/shared';

/** 240 reports ≈ one hour at the default 15 s interval. */
export const DEFAULT_BUFFER_SIZE = 240;

export class ReportBuffer {
  private readonly items: AgentReport[] = [];
  /** Dropped since the last delivery (sent with the next report). */
  private pendingDropped = 0;
  /** Dropped over the agent's life. */
  totalDropped = 0;

  constructor(readonly capacity: number = DEFAULT_BUFFER_SIZE) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be at least 1');
  }

  get size(): number {
    return this.items.length;
  }

  get droppedSinceDelivery(): number {
    return this.pendingDropped;
  }

  /** Adds a report; returns how many old ones were dropped to make room (0 or 1). */
  push(report: AgentReport): number {
    this.items.push(report);
    let dropped = 0;
    while (this.items.length > this.capacity) {
      this.items.shift();
      dropped += 1;
    }
    this.pendingDropped += dropped;
    this.totalDropped += dropped;
    return dropped;
  }

  /** The oldest report, carrying the count of reports dropped since the last delivery. */
  next(): AgentReport | undefined {
    const oldest = this.items[0];
    return oldest && { ...oldest, dropped: this.pendingDropped };
  }

  /** The oldest report reached the API (with the dropped count): forget both. */
  delivered(): void {
    this.items.shift();
    this.pendingDropped = 0;
  }

  /** The API will never accept the oldest report: forget it, keep the dropped count for the next. */
  discard(): void {
    this.items.shift();
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { errorMessage } from './errors.js';

/** What one collection cycle did (also the body of POST /api/v1/stats/refresh). */
export interface CycleReport {
  ok: boolean;
  startedAt: Date;
  durationMs: number;
  pods: number;
  samples: number;
  error: string | null;
}

export type CycleListener = (report: CycleReport) => Promise<void> | void;

/**
 * Work that follows each collection cycle (alert rules, metrics) subscribes here rather than the
 * collector knowing about it. Listeners run in order, inside the cycle, and a failing one is
 * logged without failing the cycle or the listeners after it.
 */
@Injectable()
export class CollectionEvents {
  private readonly logger = new Logger(CollectionEvents.name);
  private readonly listeners: CycleListener[] = [];

  onCycle(listener: CycleListener): void {
    this.listeners.push(listener);
  }

  async emit(report: CycleReport): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(report);
      } catch (error) {
        this.logger.error(`After-collection step failed: ${errorMessage(error)}`);
      }
    }
  }
}

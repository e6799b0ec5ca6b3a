import { type SimClock } from './types.js';

/** A clock the control API can move (`set`/`advance`), like Podwatch's `FakeClock`. */
export interface SettableClock extends SimClock {
  set(at: Date | string | number): void;
  advance(ms: number): void;
}

export function isSettableClock(clock: SimClock): clock is SettableClock {
  const candidate = clock as Partial<SettableClock>;
  return typeof candidate.set === 'function' && typeof candidate.advance === 'function';
}

export const realClock: SimClock = { now: () => new Date() };

/** The default start of a manual clock: fixed, so that a seed gives the same values every run. */
export const MANUAL_CLOCK_START = '2026-01-01T00:00:00.000Z';

/** A clock that moves only when told to. */
export class ManualClock implements SettableClock {
  private current: number;

  constructor(start: Date | string | number = MANUAL_CLOCK_START) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date | string | number): void {
    this.current = new Date(at).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}

import { describe, expect, it } from '@jest/globals';
import { retryDelayMs, WEBHOOK_MAX_ATTEMPTS } from './webhooks.service.js';

describe(retryDelayMs.name, () => {
  it('doubles from 30 s after each failed attempt, capped at an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(retryDelayMs)).toEqual(
      [0.5, 1, 2, 4, 8, 16, 32].map((minutes) => minutes * 60_000),
    );
    expect(retryDelayMs(20)).toBe(3_600_000);
  });

  it('gives a failing receiver about an hour before the delivery is given up', () => {
    let waited = 0;
    for (let attempt = 1; attempt < WEBHOOK_MAX_ATTEMPTS; attempt += 1) waited += retryDelayMs(attempt);
    expect(waited).toBe(63.5 * 60_000);
  });
});

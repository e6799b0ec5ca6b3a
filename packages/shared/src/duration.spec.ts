import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90],
    ['10m', 600],
    ['2h', 7200],
    ['7d', 604_800],
    ['1h30m', 5400],
    [' 5M ', 300],
    ['1.5h', 5400],
  ])('%s is %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['', '10', 'm', '-5m', '5 minutes', '0s', '10x', '1h 30m'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});

describe('formatDuration', () => {
  it.each([
    [90, '1m30s'],
    [7200, '2h'],
    [0, '0s'],
    [90_061, '1d1h1m1s'],
  ])('%d seconds is %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

import { describe, expect, it } from 'vitest';
import { readCount, readIdList, readNumber, readStringMap, readTimestamp } from './tolerant.js';

describe('readTimestamp', () => {
  it.each([
    ['2026-06-01T12:00:00Z', '2026-06-01T12:00:00.000Z'],
    ['2024-07-12T19:14:40.144Z', '2024-07-12T19:14:40.144Z'],
    ['2026-06-01T14:00:00+02:00', '2026-06-01T12:00:00.000Z'],
    // Go time.String(), as live REST responses send createdAt/lastStartedAt (NOTES §1.5).
    ['2025-12-16 17:44:56.726 +0000 UTC', '2025-12-16T17:44:56.726Z'],
    ['2026-10-04 11:09:24.633 +0000 UTC', '2026-10-04T11:09:24.633Z'],
    ['2025-12-16 17:44:56.726123456 +0000 UTC', '2025-12-16T17:44:56.726Z'],
    ['2025-12-16 19:44:56 +0200 CEST', '2025-12-16T17:44:56.000Z'],
    ['2025-12-16 17:44:56.726 +0000 UTC m=+0.000123', '2025-12-16T17:44:56.726Z'],
    // Billing buckets without a zone are UTC.
    ['2025-12-13 00:00:00', '2025-12-13T00:00:00.000Z'],
    ['2025-12-13', '2025-12-13T00:00:00.000Z'],
  ])('reads %j', (text, iso) => {
    expect(readTimestamp(text)?.toISOString()).toBe(iso);
  });

  it('reads epoch seconds and milliseconds', () => {
    expect(readTimestamp(1_765_907_096)?.toISOString()).toBe('2025-12-16T17:44:56.000Z');
    expect(readTimestamp(1_765_907_096_726)?.toISOString()).toBe('2025-12-16T17:44:56.726Z');
  });

  it.each([
    'not a date',
    '',
    '2025-02-31 00:00:00',
    '2025-13-01T00:00:00Z',
    '2025-12-16 25:00:00 +0000 UTC',
    // lastStatusChange-style free text is not a timestamp field.
    'Fri Jul 12 2024 15:14:40 GMT-0400 (Eastern Daylight Time)',
    null,
    undefined,
    {},
    -5,
    Number.NaN,
  ])('returns null for %j instead of throwing', (value) => {
    expect(readTimestamp(value)).toBeNull();
  });
});

describe('readNumber', () => {
  it.each([
    [0.74, 0.74],
    ['0.74', 0.74],
    [' 12 ', 12],
    ['1e3', 1000],
    ['-2.5', -2.5],
  ])('%j is %d', (value, number) => {
    expect(readNumber(value)).toBe(number);
  });

  it.each(['', 'abc', '0.74 USD', Number.NaN, Number.POSITIVE_INFINITY, null, undefined, true, [], {}])(
    'rejects %j',
    (value) => {
      expect(readNumber(value)).toBeNull();
    },
  );
});

describe('readCount', () => {
  it('defaults missing or unreadable counts', () => {
    expect(readCount(undefined)).toBe(0);
    expect(readCount('x', 1)).toBe(1);
    expect(readCount('3')).toBe(3);
    expect(readCount(-2)).toBe(0);
  });
});

describe('readIdList', () => {
  it('accepts an array or the comma-separated string of the spec example', () => {
    expect(readIdList(['EU-NL-1', 'EU-RO-1'])).toEqual(['EU-NL-1', 'EU-RO-1']);
    expect(readIdList('EU-NL-1,EU-RO-1, EU-SE-1')).toEqual(['EU-NL-1', 'EU-RO-1', 'EU-SE-1']);
    expect(readIdList(null)).toEqual([]);
  });
});

describe('readStringMap', () => {
  it('reads REST objects and GraphQL KEY=value lists', () => {
    expect(readStringMap({ A: '1', B: 2, C: { nested: true } })).toEqual({ A: '1', B: '2' });
    expect(readStringMap(['A=1', 'B=x=y', 'broken'])).toEqual({ A: '1', B: 'x=y' });
  });
});

import { describe, expect, it } from 'vitest';
import { parseRateLimit, parseRetryAfter, serverRequestedDelayMs } from './rate-limit.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');

describe('parseRateLimit', () => {
  it('reads the spec example of RateLimit and RateLimit-Policy', () => {
    const headers = new Headers({
      RateLimit: '"minute";r=0;t=12, "hour";r=2800;t=1812, "day";r=49500;t=45012',
      'RateLimit-Policy': '"minute";q=60;w=60, "hour";q=3000;w=3600, "day";q=50000;w=86400',
    });
    const state = parseRateLimit(headers, NOW);
    expect(state?.remaining).toBe(0);
    expect(state?.blockedUntil?.toISOString()).toBe('2026-06-01T12:00:12.000Z');
    expect(state?.windows[0]).toEqual({
      name: 'minute',
      remaining: 0,
      resetSeconds: 12,
      resetAt: new Date(NOW + 12_000),
      quota: 60,
      windowSeconds: 60,
    });
    expect(state?.windows.map((window) => window.name)).toEqual(['minute', 'hour', 'day']);
  });

  it('is not blocked while every window has requests left', () => {
    const state = parseRateLimit(new Headers({ RateLimit: '"minute";r=59;t=60' }), NOW);
    expect(state?.remaining).toBe(59);
    expect(state?.blockedUntil).toBeNull();
  });

  it('is null without the headers', () => {
    expect(parseRateLimit(new Headers(), NOW)).toBeNull();
  });

  it('skips members it cannot read', () => {
    const state = parseRateLimit(new Headers({ RateLimit: ', "minute";r=x;t=5;junk, hour;r=3' }), NOW);
    expect(state?.windows).toMatchObject([
      { name: 'minute', remaining: null, resetSeconds: 5 },
      { name: 'hour', remaining: 3 },
    ]);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter(new Headers({ 'Retry-After': '12' }), NOW)).toBe(12_000);
    expect(parseRetryAfter(new Headers({ 'Retry-After': '0.5' }), NOW)).toBe(500);
    expect(parseRetryAfter(new Headers({ 'Retry-After': 'Mon, 01 Jun 2026 12:00:30 GMT' }), NOW)).toBe(
      30_000,
    );
    expect(parseRetryAfter(new Headers({ 'Retry-After': 'Mon, 01 Jun 2026 11:00:00 GMT' }), NOW)).toBe(0);
    expect(parseRetryAfter(new Headers({ 'Retry-After': 'soon' }), NOW)).toBeNull();
    expect(parseRetryAfter(new Headers(), NOW)).toBeNull();
  });
});

describe('serverRequestedDelayMs', () => {
  it('prefers Retry-After, then the reset of an exhausted window', () => {
    const blocked = parseRateLimit(new Headers({ RateLimit: '"minute";r=0;t=12' }), NOW);
    expect(serverRequestedDelayMs(3_000, blocked, NOW)).toBe(3_000);
    expect(serverRequestedDelayMs(null, blocked, NOW)).toBe(12_000);
    expect(serverRequestedDelayMs(null, null, NOW)).toBeNull();
  });
});

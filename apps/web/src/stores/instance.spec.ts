import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearEtagCache } from '@/api/http';
import { series, snapshot } from '@/test-support/fixtures';
import { json, mockFetch, type SeenRequest } from '@/test-support/mock-fetch';
import { rangeWindow, useInstanceStore } from './instance';

function api(req: SeenRequest): Response {
  const path = req.url.split('?')[0];
  if (path === '/api/v1/instances/trainer') {
    return req.headers['if-none-match']
      ? new Response(null, { status: 304 })
      : json(snapshot({ instance: 'trainer' }), { headers: { etag: 'W/"t1"' } });
  }
  if (path === '/api/v1/instances/trainer/timeline') {
    return json({
      instance: 'trainer',
      entries: [{ type: 'activity', at: '2026-11-22T20:29:00Z', signal: 'gpu', detail: null, podId: null }],
    });
  }
  if (path === '/api/v1/instances/trainer/telemetry') return json(series(4));
  return json({ status: 404, title: 'Not Found', detail: `No instance named "${path}".` }, { status: 404 });
}

describe('instance store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    clearEtagCache();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('loads the snapshot, its timeline and its telemetry', async () => {
    mockFetch(api);
    const sut = useInstanceStore();
    sut.open('trainer');
    await sut.refresh();
    expect(sut.snapshot?.instance).toBe('trainer');
    expect(sut.timeline).toHaveLength(1);
    expect(sut.telemetry?.points).toHaveLength(4);
  });

  it('fetches nothing more while the snapshot answers 304', async () => {
    const { requests } = mockFetch(api);
    const sut = useInstanceStore();
    sut.open('trainer');
    await sut.refresh();
    await sut.refresh();
    expect(requests.map((r) => r.url.split('?')[0])).toEqual([
      '/api/v1/instances/trainer',
      '/api/v1/instances/trainer/timeline',
      '/api/v1/instances/trainer/telemetry',
      '/api/v1/instances/trainer',
    ]);
  });

  it('asks for the chosen range', async () => {
    const { requests } = mockFetch(api);
    const sut = useInstanceStore();
    sut.open('trainer');
    await sut.refresh();
    await sut.setRange('7d');
    const query = new URLSearchParams(requests.at(-1)!.url.split('?')[1]);
    const span = Date.parse(query.get('to')!) - Date.parse(query.get('from')!);
    expect(span).toBe(7 * 86_400_000);
    expect(query.get('points')).toBe('300');
  });

  it('keeps a 404 as an error for the page to explain', async () => {
    mockFetch(api);
    const sut = useInstanceStore();
    sut.open('nope');
    await sut.refresh();
    expect(sut.snapshot).toBeNull();
    expect(sut.error?.status).toBe(404);
  });

  it('computes a range window ending now', () => {
    const { from, to } = rangeWindow('6h', Date.parse('2026-11-22T20:00:00Z'));
    expect(from.toISOString()).toBe('2026-11-22T14:00:00.000Z');
    expect(to.toISOString()).toBe('2026-11-22T20:00:00.000Z');
  });
});

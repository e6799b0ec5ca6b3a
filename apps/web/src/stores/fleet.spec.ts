import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearEtagCache, configureHttp } from '@/api/http';
import { dashboard, snapshot } from '@/test-support/fixtures';
import { json, mockFetch } from '@/test-support/mock-fetch';
import { useAuthStore } from './auth';
import { sortInstances, useFleetStore } from './fleet';

describe('fleet store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    clearEtagCache();
    const auth = useAuthStore();
    configureHttp({ token: () => auth.token, onAuthFailure: auth.noteAuthFailure });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('loads the dashboard and keeps the very same object when the API answers 304', async () => {
    const { requests } = mockFetch((req) =>
      req.headers['if-none-match']
        ? new Response(null, { status: 304 })
        : json(dashboard(), { headers: { etag: 'W/"1"' } }),
    );
    const sut = useFleetStore();
    await sut.refresh();
    const first = sut.dashboard;
    await sut.refresh();
    expect(requests.map((r) => r.url)).toEqual(['/api/v1/dashboard', '/api/v1/dashboard']);
    expect(sut.dashboard).toBe(first);
    expect(sut.checkedAt).not.toBeNull();
    expect(sut.stale).toBe(false);
  });

  it('keeps what it had and turns stale when a refresh fails', async () => {
    let up = true;
    mockFetch(() => (up ? json(dashboard()) : Promise.reject(new TypeError('fetch failed'))));
    const sut = useFleetStore();
    await sut.refresh();
    up = false;
    await sut.refresh();
    expect(sut.dashboard?.instances).toHaveLength(2);
    expect(sut.error?.message).toBe('The Podwatch API cannot be reached.');
    expect(sut.stale).toBe(true);
  });

  it('is stale when the collector says so', async () => {
    mockFetch(() => json(dashboard({ collector: { ...dashboard().collector, stale: true } })));
    const sut = useFleetStore();
    await sut.refresh();
    expect(sut.stale).toBe(true);
  });

  it('learns that reads need a token from a 401', async () => {
    mockFetch(() =>
      json({ status: 401, title: 'Unauthorized', detail: 'This request needs a token.' }, { status: 401 }),
    );
    const sut = useFleetStore();
    await sut.refresh();
    expect(sut.error?.unauthorized).toBe(true);
    expect(useAuthStore().readsNeedToken).toBe(true);
  });

  it('shows an action’s answer at once', async () => {
    mockFetch(() => json(dashboard()));
    const sut = useFleetStore();
    await sut.refresh();
    sut.applySnapshot(snapshot({ state: 'stopped' }));
    expect(sut.find('notebook')?.state).toBe('stopped');
  });

  it('orders instances by what needs attention, the soonest stop first', () => {
    const at = (minutes: number) => new Date(Date.UTC(2026, 10, 22, 21, minutes)).toISOString();
    const names = sortInstances([
      snapshot({ instance: 'b-stopped', state: 'stopped' }),
      snapshot({ instance: 'c-late', state: 'counting', killAt: at(50) }),
      snapshot({ instance: 'a-busy', state: 'active' }),
      snapshot({ instance: 'd-soon', state: 'counting', killAt: at(5) }),
      snapshot({ instance: 'e-due', state: 'pruning' }),
    ]).map((i) => i.instance);
    expect(names).toEqual(['e-due', 'd-soon', 'c-late', 'a-busy', 'b-stopped']);
  });
});

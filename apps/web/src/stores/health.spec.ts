import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useHealthStore } from './health';

function answer(status: number, body: unknown) {
  vi.stubGlobal(
    'fetch',
    vi.fn(() => Promise.resolve(new Response(JSON.stringify(body), { status }))),
  );
}

describe('health store', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => vi.unstubAllGlobals());

  it('keeps a 503 report and lists the failing checks', async () => {
    answer(503, {
      status: 'error',
      demo: false,
      details: { database: { status: 'down', message: "Can't reach database server" } },
    });
    const sut = useHealthStore();
    await sut.refresh();
    expect(sut.error).toBeNull();
    expect(sut.report?.status).toBe('error');
    expect(sut.failing).toEqual([{ name: 'database', message: "Can't reach database server" }]);
  });

  it('says so when the API cannot be reached', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('fetch failed'))),
    );
    const sut = useHealthStore();
    await sut.refresh();
    expect(sut.error).toBe('The Podwatch API cannot be reached.');
    expect(sut.loading).toBe(false);
  });
});

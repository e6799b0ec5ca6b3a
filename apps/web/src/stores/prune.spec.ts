import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearEtagCache, configureHttp } from '@/api/http';
import { pruneRun } from '@/test-support/fixtures';
import { json, mockFetch } from '@/test-support/mock-fetch';
import { usePruneStore } from './prune';

const notFound = () =>
  json({ status: 404, title: 'Not Found', detail: 'No prune run with this id.' }, { status: 404 });

/** A fetch whose answers the test gives, one by one, in any order. */
function heldFetch() {
  const pending: { resolve: (r: Response) => void; reject: (e: unknown) => void }[] = [];
  const { requests } = mockFetch(
    () => new Promise<Response>((resolve, reject) => pending.push({ resolve, reject })),
  );
  return { requests, answer: (index: number) => pending[index]! };
}

describe('prune store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    clearEtagCache();
    configureHttp({ token: () => null });
  });
  afterEach(() => vi.unstubAllGlobals());

  describe('list', () => {
    it('loads the latest fifty runs that did something', async () => {
      const { requests } = mockFetch(() => json([pruneRun()]));
      const sut = usePruneStore();
      const loading = sut.load();
      expect(sut.loading).toBe(true);
      await loading;
      expect(requests.map((r) => r.url)).toEqual(['/api/v1/prune-runs?limit=50&actionsOnly=true']);
      expect(sut.runs).toEqual([pruneRun()]);
      expect(sut.loading).toBe(false);
      expect(sut.error).toBeNull();
    });

    it('keeps the list it had when a reload fails, and forgets the error once one works', async () => {
      let up = true;
      mockFetch(() => (up ? json([pruneRun()]) : Promise.reject(new TypeError('fetch failed'))));
      const sut = usePruneStore();
      await sut.load();
      up = false;
      await sut.load();
      expect(sut.runs).toHaveLength(1);
      expect(sut.error?.message).toBe('The Podwatch API cannot be reached.');
      expect(sut.loading).toBe(false);
      up = true;
      await sut.load();
      expect(sut.error).toBeNull();
    });

    it('asks for every run once the filter is off, dropping the filtered list meanwhile', async () => {
      const { requests, answer } = heldFetch();
      const sut = usePruneStore();
      sut.addRun(pruneRun({ id: 'filtered' }));
      const switching = sut.setActionsOnly(false);
      expect(sut.actionsOnly).toBe(false);
      expect(sut.runs).toBeNull();
      answer(0).resolve(json([pruneRun({ id: 'any' })]));
      await switching;
      expect(requests[0]!.url).toBe('/api/v1/prune-runs?limit=50&actionsOnly=false');
      expect(sut.runs?.map((r) => r.id)).toEqual(['any']);
    });

    it('ignores an older answer that comes after a newer request', async () => {
      const { answer } = heldFetch();
      const sut = usePruneStore();
      const older = sut.load();
      const newer = sut.setActionsOnly(false);
      answer(0).resolve(json([pruneRun({ id: 'filtered' })]));
      await older;
      expect(sut.runs).toBeNull();
      expect(sut.loading).toBe(true);
      answer(1).resolve(json([pruneRun({ id: 'any' })]));
      await newer;
      expect(sut.runs?.map((r) => r.id)).toEqual(['any']);
      expect(sut.loading).toBe(false);
    });

    it('ignores an older failure that comes after a newer answer', async () => {
      const { answer } = heldFetch();
      const sut = usePruneStore();
      const older = sut.load();
      const newer = sut.load();
      answer(1).resolve(json([pruneRun()]));
      await newer;
      answer(0).reject(new TypeError('fetch failed'));
      await older;
      expect(sut.error).toBeNull();
      expect(sut.runs).toHaveLength(1);
    });

    it('puts a run made here first, in place of its older copy', () => {
      const sut = usePruneStore();
      sut.addRun(pruneRun({ id: 'older' }));
      sut.addRun(pruneRun({ id: 'mine', status: 'running' }));
      sut.addRun(pruneRun({ id: 'mine', status: 'succeeded' }));
      expect(sut.runs?.map((r) => [r.id, r.status])).toEqual([
        ['mine', 'succeeded'],
        ['older', 'succeeded'],
      ]);
    });
  });

  describe('one run', () => {
    it('loads a run by its id, escaped in the path', async () => {
      const { requests } = mockFetch(() => json(pruneRun({ id: 'a/b' })));
      const sut = usePruneStore();
      await sut.loadRun('a/b');
      expect(requests.map((r) => r.url)).toEqual(['/api/v1/prune-runs/a%2Fb']);
      expect(sut.run?.id).toBe('a/b');
      expect(sut.runError).toBeNull();
    });

    it('keeps showing a run while it reloads, but not while another one loads', async () => {
      const { answer } = heldFetch();
      const sut = usePruneStore();
      const first = sut.loadRun('one');
      answer(0).resolve(json(pruneRun({ id: 'one' })));
      await first;
      void sut.loadRun('one');
      expect(sut.run?.id).toBe('one');
      void sut.loadRun('two');
      expect(sut.run).toBeNull();
    });

    it('shows the run last asked for when an earlier one answers late', async () => {
      const { answer } = heldFetch();
      const sut = usePruneStore();
      const one = sut.loadRun('one');
      const two = sut.loadRun('two');
      answer(1).resolve(json(pruneRun({ id: 'two' })));
      await two;
      answer(0).resolve(json(pruneRun({ id: 'one' })));
      await one;
      expect(sut.run?.id).toBe('two');
    });

    it('does not show one run’s error while another run loads', async () => {
      const { answer } = heldFetch();
      const sut = usePruneStore();
      const missing = sut.loadRun('missing');
      answer(0).resolve(notFound());
      await missing;
      expect(sut.runError?.status).toBe(404);
      const next = sut.loadRun('next');
      expect(sut.runError).toBeNull();
      answer(1).resolve(json(pruneRun({ id: 'next' })));
      await next;
      expect(sut.run?.id).toBe('next');
    });

    it('keeps the API’s error for a run, and forgets it once a run loads', async () => {
      let found = false;
      mockFetch(() => (found ? json(pruneRun()) : notFound()));
      const sut = usePruneStore();
      await sut.loadRun('missing');
      expect(sut.runError?.status).toBe(404);
      expect(sut.runError?.message).toBe('No prune run with this id.');
      expect(sut.run).toBeNull();
      found = true;
      await sut.loadRun(pruneRun().id);
      expect(sut.runError).toBeNull();
      expect(sut.run?.id).toBe(pruneRun().id);
    });
  });
});

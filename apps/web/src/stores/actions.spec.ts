import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearEtagCache, configureHttp } from '@/api/http';
import { dashboard, pod, pruneRun, snapshot } from '@/test-support/fixtures';
import { json, mockFetch } from '@/test-support/mock-fetch';
import { useActionsStore } from './actions';
import { useFleetStore } from './fleet';
import { usePruneStore } from './prune';
import { useToastsStore } from './toasts';

describe('actions store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    clearEtagCache();
    configureHttp({ token: () => 'admin-token-0123456789' });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('stops an instance, shows the answer at once and says so', async () => {
    const stopped = snapshot({ state: 'stopped', pod: pod({ status: 'EXITED', costPerHr: 0 }) });
    const { requests } = mockFetch((req) => (req.method === 'POST' ? json(stopped) : json(dashboard())));
    const fleet = useFleetStore();
    await fleet.refresh();
    const sut = useActionsStore();
    await sut.actOn('notebook', 'stop');
    expect(requests[1]).toMatchObject({ method: 'POST', url: '/api/v1/instances/notebook/stop' });
    expect(fleet.find('notebook')?.state).toBe('stopped');
    expect(useToastsStore().toasts[0]).toMatchObject({
      title: 'notebook stopped',
      detail: 'Pod n2b5d8f1g4k7mc is EXITED.',
    });
    expect(sut.busy).toBeNull();
  });

  it('sends an extension as a duration string', async () => {
    const { requests } = mockFetch(() => json(snapshot()));
    await useActionsStore().extend('notebook', 5400);
    expect(requests[0]).toMatchObject({
      url: '/api/v1/instances/notebook/extend',
      body: { duration: '1h30m' },
    });
  });

  it('hands an error back to the dialog and is no longer busy', async () => {
    mockFetch(() =>
      json({ status: 409, title: 'Conflict', detail: 'RunPod refused: pod is not running' }, { status: 409 }),
    );
    const sut = useActionsStore();
    await expect(sut.actOn('notebook', 'stop')).rejects.toThrow('RunPod refused: pod is not running');
    expect(sut.busy).toBeNull();
    expect(useToastsStore().toasts).toHaveLength(0);
  });

  it('previews prune as a dry run, then runs it for real and lists the run', async () => {
    const { requests } = mockFetch((req) =>
      req.url === '/api/v1/prune'
        ? json(pruneRun({ dryRun: (req.body as { dryRun: boolean }).dryRun }))
        : json(dashboard()),
    );
    const sut = useActionsStore();
    const preview = await sut.previewPrune();
    expect(preview.dryRun).toBe(true);
    await sut.pruneNow();
    expect(requests.filter((r) => r.url === '/api/v1/prune').map((r) => r.body)).toEqual([
      { dryRun: true },
      { dryRun: false },
    ]);
    expect(usePruneStore().runs?.[0]?.dryRun).toBe(false);
  });
});

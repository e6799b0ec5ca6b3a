import type { PruneRunView } from '@podwatch/shared';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { type ApiError, toApiError } from '@/api/http';
import { fetchPruneRun, fetchPruneRuns } from '@/api/prune';

const LIST_LIMIT = 50;

/** Prune history: the list (by default only runs that did something) and one run's steps. */
export const usePruneStore = defineStore('prune', () => {
  const runs = shallowRef<PruneRunView[] | null>(null);
  const error = shallowRef<ApiError | null>(null);
  const loading = ref(false);
  const actionsOnly = ref(true);

  const run = shallowRef<PruneRunView | null>(null);
  const runError = shallowRef<ApiError | null>(null);
  let listRequest = 0;
  let runRequest = 0;

  async function load(): Promise<void> {
    const id = ++listRequest;
    loading.value = true;
    try {
      const result = await fetchPruneRuns({ limit: LIST_LIMIT, actionsOnly: actionsOnly.value });
      if (id !== listRequest) return;
      runs.value = result;
      error.value = null;
    } catch (e) {
      if (id === listRequest) error.value = toApiError(e);
    } finally {
      if (id === listRequest) loading.value = false;
    }
  }

  async function setActionsOnly(value: boolean): Promise<void> {
    actionsOnly.value = value;
    runs.value = null;
    await load();
  }

  async function loadRun(id: string): Promise<void> {
    const request = ++runRequest;
    if (run.value?.id !== id) {
      run.value = null;
      runError.value = null;
    }
    try {
      const result = await fetchPruneRun(id);
      if (request !== runRequest) return;
      run.value = result;
      runError.value = null;
    } catch (e) {
      if (request === runRequest) runError.value = toApiError(e);
    }
  }

  /** A run made from this dashboard: show it at once. */
  function addRun(view: PruneRunView): void {
    runs.value = [view, ...(runs.value ?? []).filter((r) => r.id !== view.id)];
  }

  return {
    runs,
    error,
    loading,
    actionsOnly,
    run,
    runError,
    load,
    setActionsOnly,
    loadRun,
    addRun,
  };
});

import type { CountdownState, DashboardResponse, InstanceSnapshot } from '@podwatch/shared';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { fetchDashboard } from '@/api/dashboard';
import { type ApiError, toApiError } from '@/api/http';

/** Overview order: what needs attention first, then the rest; alphabetical within a group. */
const STATE_ORDER: Record<CountdownState, number> = {
  pruning: 0,
  counting: 1,
  active: 2,
  protected: 3,
  unknown: 4,
  stopped: 5,
};

export function sortInstances(instances: readonly InstanceSnapshot[]): InstanceSnapshot[] {
  return [...instances].sort((a, b) => {
    const byState = STATE_ORDER[a.state] - STATE_ORDER[b.state];
    if (byState !== 0) return byState;
    if (a.state === 'counting' && a.killAt && b.killAt) {
      const byKill = Date.parse(a.killAt) - Date.parse(b.killAt);
      if (byKill !== 0) return byKill;
    }
    return a.instance.localeCompare(b.instance);
  });
}

/** The fleet overview, polled with ETag revalidation (an unchanged fleet costs a 304). */
export const useFleetStore = defineStore('fleet', () => {
  const dashboard = shallowRef<DashboardResponse | null>(null);
  const error = shallowRef<ApiError | null>(null);
  const loading = ref(false);
  /** Browser time of the last answer (200 or 304). */
  const checkedAt = ref<number | null>(null);

  const instances = computed(() => sortInstances(dashboard.value?.instances ?? []));
  /** The collector has no fresh data, or we could not reach the API and show what we had. */
  const stale = computed(() => Boolean(dashboard.value && (dashboard.value.collector.stale || error.value)));

  async function refresh(): Promise<void> {
    loading.value = true;
    try {
      const { data, changed } = await fetchDashboard();
      if (changed || dashboard.value === null) dashboard.value = data;
      error.value = null;
      checkedAt.value = Date.now();
    } catch (e) {
      error.value = toApiError(e);
      if (error.value.unauthorized) dashboard.value = null;
    } finally {
      loading.value = false;
    }
  }

  /** An action answered with the instance's new state: show it before the next poll. */
  function applySnapshot(snapshot: InstanceSnapshot): void {
    const current = dashboard.value;
    if (!current) return;
    dashboard.value = {
      ...current,
      instances: current.instances.map((i) => (i.instance === snapshot.instance ? snapshot : i)),
    };
  }

  function find(name: string): InstanceSnapshot | undefined {
    return dashboard.value?.instances.find((i) => i.instance === name);
  }

  return { dashboard, error, loading, checkedAt, instances, stale, refresh, applySnapshot, find };
});

import type { CostsResponse } from '@podwatch/shared';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { fetchCosts } from '@/api/costs';
import { type ApiError, toApiError } from '@/api/http';

export const PERIODS = [7, 14, 30] as const;
export type Period = (typeof PERIODS)[number];

export function isPeriod(value: unknown): value is Period {
  return PERIODS.includes(Number(value) as Period);
}

/** The costs page: spend per day and per pod, idle waste, storage and runway, for a period. */
export const useCostsStore = defineStore('costs', () => {
  const days = ref<Period>(7);
  const costs = shallowRef<CostsResponse | null>(null);
  const error = shallowRef<ApiError | null>(null);
  const loading = ref(false);
  const checkedAt = ref<number | null>(null);
  let request = 0;

  async function refresh(): Promise<void> {
    const id = ++request;
    const period = days.value;
    loading.value = true;
    try {
      const { data, changed } = await fetchCosts(period);
      if (id !== request) return;
      if (changed || costs.value?.period.days !== period) costs.value = data;
      error.value = null;
      checkedAt.value = Date.now();
    } catch (e) {
      if (id === request) error.value = toApiError(e);
    } finally {
      if (id === request) loading.value = false;
    }
  }

  async function setDays(next: Period): Promise<void> {
    if (next === days.value) return;
    days.value = next;
    await refresh();
  }

  return { days, costs, error, loading, checkedAt, refresh, setDays };
});

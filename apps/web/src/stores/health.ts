import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { fetchHealth, type HealthReport } from '@/api/health';
import { errorMessage } from '@/api/http';

export const useHealthStore = defineStore('health', () => {
  const report = ref<HealthReport | null>(null);
  const error = ref<string | null>(null);
  const loading = ref(false);

  const failing = computed(() =>
    Object.entries(report.value?.details ?? {})
      .filter(([, check]) => check.status !== 'up')
      .map(([name, check]) => ({ name, message: check.message ?? check.status })),
  );

  async function refresh(): Promise<void> {
    loading.value = true;
    try {
      report.value = await fetchHealth();
      error.value = null;
    } catch (e) {
      error.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
  }

  return { report, error, loading, failing, refresh };
});

import type { InstanceSnapshot, TelemetrySeries, TimelineEntry } from '@podwatch/shared';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { type ApiError, toApiError } from '@/api/http';
import { fetchInstance, fetchTelemetry, fetchTimeline } from '@/api/instances';
import { serverNow } from '@/api/server-clock';

export const RANGES = {
  '1h': 3_600,
  '6h': 6 * 3_600,
  '24h': 86_400,
  '7d': 7 * 86_400,
  '30d': 30 * 86_400,
} as const;

export type RangeKey = keyof typeof RANGES;

export const RANGE_KEYS = Object.keys(RANGES) as RangeKey[];

/** Buckets per chart: about one per two pixels of a chart's width. */
const CHART_POINTS = 300;
const TIMELINE_LIMIT = 100;

export function isRangeKey(value: unknown): value is RangeKey {
  return typeof value === 'string' && value in RANGES;
}

export function rangeWindow(range: RangeKey, nowMs: number): { from: Date; to: Date } {
  return { from: new Date(nowMs - RANGES[range] * 1000), to: new Date(nowMs) };
}

/**
 * The instance page: its snapshot (ETag-revalidated on every poll), its timeline and its telemetry
 * history. Timeline and history are fetched again only when the snapshot changed — that is, when
 * a collection or an action happened — so an idle page costs one 304 per poll.
 */
export const useInstanceStore = defineStore('instance', () => {
  const name = ref<string | null>(null);
  const snapshot = shallowRef<InstanceSnapshot | null>(null);
  const error = shallowRef<ApiError | null>(null);
  const loading = ref(false);
  /** Browser time of the last answer (200 or 304). */
  const checkedAt = ref<number | null>(null);

  const timeline = shallowRef<TimelineEntry[] | null>(null);
  const timelineError = shallowRef<ApiError | null>(null);

  const range = ref<RangeKey>('1h');
  const telemetry = shallowRef<TelemetrySeries | null>(null);
  const telemetryError = shallowRef<ApiError | null>(null);
  const telemetryLoading = ref(false);
  let telemetryRequest = 0;

  function open(next: string): void {
    if (name.value === next) return;
    name.value = next;
    snapshot.value = null;
    error.value = null;
    checkedAt.value = null;
    timeline.value = null;
    timelineError.value = null;
    telemetry.value = null;
    telemetryError.value = null;
  }

  async function loadTimeline(): Promise<void> {
    const current = name.value;
    if (!current) return;
    try {
      const result = await fetchTimeline(current, TIMELINE_LIMIT);
      if (current !== name.value) return;
      timeline.value = result.entries;
      timelineError.value = null;
    } catch (e) {
      if (current === name.value) timelineError.value = toApiError(e);
    }
  }

  async function loadTelemetry(): Promise<void> {
    const current = name.value;
    if (!current) return;
    // A range picked while an older request is in flight wins: the older answer is dropped.
    const id = ++telemetryRequest;
    telemetryLoading.value = true;
    try {
      const result = await fetchTelemetry(current, {
        ...rangeWindow(range.value, serverNow()),
        points: CHART_POINTS,
      });
      if (id !== telemetryRequest) return;
      telemetry.value = result;
      telemetryError.value = null;
    } catch (e) {
      if (id === telemetryRequest) telemetryError.value = toApiError(e);
    } finally {
      if (id === telemetryRequest) telemetryLoading.value = false;
    }
  }

  async function refresh(): Promise<void> {
    const current = name.value;
    if (!current) return;
    loading.value = true;
    try {
      const { data, changed } = await fetchInstance(current);
      if (current !== name.value) return;
      const first = snapshot.value === null;
      if (changed || first) snapshot.value = data;
      error.value = null;
      checkedAt.value = Date.now();
      if (changed || first || timeline.value === null || telemetry.value === null) {
        await Promise.all([loadTimeline(), loadTelemetry()]);
      }
    } catch (e) {
      if (current === name.value) error.value = toApiError(e);
    } finally {
      loading.value = false;
    }
  }

  async function setRange(next: RangeKey): Promise<void> {
    if (next === range.value) return;
    range.value = next;
    await loadTelemetry();
  }

  /** An action answered with the new state; the timeline gained an entry. */
  async function applySnapshot(next: InstanceSnapshot): Promise<void> {
    if (next.instance !== name.value) return;
    snapshot.value = next;
    await loadTimeline();
  }

  return {
    name,
    snapshot,
    error,
    loading,
    checkedAt,
    timeline,
    timelineError,
    range,
    telemetry,
    telemetryError,
    telemetryLoading,
    open,
    refresh,
    setRange,
    loadTelemetry,
    applySnapshot,
  };
});

import { getCurrentScope, type MaybeRefOrGetter, onScopeDispose, type Ref, ref, toValue, watch } from 'vue';

export interface Polling {
  /** Run the task now (and restart the interval from here). */
  refresh: () => Promise<void>;
  /** false while the tab is hidden: nothing is polled then. */
  active: Readonly<Ref<boolean>>;
}

/**
 * Runs `task` now and then every `intervalMs`, one run at a time (the next is scheduled when the
 * last one ends, so a slow API is never asked twice at once). Polling pauses while the tab is
 * hidden and catches up at once when it becomes visible or the browser comes back online.
 */
export function usePolling(task: () => Promise<unknown>, intervalMs: MaybeRefOrGetter<number>): Polling {
  const active = ref(typeof document === 'undefined' || document.visibilityState !== 'hidden');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;
  let lastRunAt = 0;
  let disposed = false;

  function schedule(): void {
    clearTimeout(timer);
    if (disposed || !active.value) return;
    timer = setTimeout(() => void refresh(), toValue(intervalMs));
  }

  async function refresh(): Promise<void> {
    if (running) return running;
    clearTimeout(timer);
    lastRunAt = Date.now();
    running = task()
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        running = null;
        schedule();
      });
    return running;
  }

  function onVisibility(): void {
    active.value = document.visibilityState !== 'hidden';
    if (!active.value) clearTimeout(timer);
    else if (Date.now() - lastRunAt >= toValue(intervalMs)) void refresh();
    else schedule();
  }

  function onOnline(): void {
    void refresh();
  }

  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('online', onOnline);
  const stopWatch = watch(
    () => toValue(intervalMs),
    () => {
      if (!running) schedule();
    },
  );
  void refresh();

  if (getCurrentScope()) {
    onScopeDispose(() => {
      disposed = true;
      clearTimeout(timer);
      stopWatch();
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('online', onOnline);
    });
  }
  return { refresh, active };
}

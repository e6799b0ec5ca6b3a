import { getCurrentScope, onScopeDispose, readonly, ref, type Ref } from 'vue';
import { serverNow } from '@/api/server-clock';

/**
 * One shared clock for every countdown and "x ago" on the page, on the API's time. It wakes four
 * times a second so that each countdown changes within a quarter second of its true second
 * boundary (every killAt has its own sub-second phase); components re-render only when a value
 * they show changes, i.e. once a second. The timer runs only while something uses it.
 */
const TICK_MS = 250;

const now = ref(serverNow());
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

function start(): void {
  now.value = serverNow();
  timer = setInterval(() => {
    now.value = serverNow();
  }, TICK_MS);
}

function stop(): void {
  clearInterval(timer);
  timer = undefined;
}

export function useNow(): Readonly<Ref<number>> {
  if (getCurrentScope()) {
    users += 1;
    if (users === 1) start();
    onScopeDispose(() => {
      users -= 1;
      if (users === 0) stop();
    });
  }
  return readonly(now);
}

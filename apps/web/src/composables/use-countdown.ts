import { formatCountdown, timeUntilKill } from '@podwatch/shared';
import { computed, type ComputedRef, type MaybeRefOrGetter, toValue } from 'vue';
import { useNow } from './use-now';

export interface LiveCountdown {
  /** Whole seconds left, ticking locally; null when killAt is unknown. */
  seconds: ComputedRef<number | null>;
  /** `hh:mm:ss`, hours not capped at 24. */
  formatted: ComputedRef<string>;
}

/** A countdown that ticks every second from the API's absolute `killAt`, never polling for it. */
export function useCountdown(killAt: MaybeRefOrGetter<string | null | undefined>): LiveCountdown {
  const now = useNow();
  const seconds = computed(() => timeUntilKill(toValue(killAt), now.value));
  const formatted = computed(() => formatCountdown(seconds.value));
  return { seconds, formatted };
}

import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick, ref } from 'vue';
import { NOW } from '@/test-support/fixtures';
import { useCountdown } from './use-countdown';

describe('useCountdown', () => {
  beforeEach(() => vi.useFakeTimers({ now: NOW }));
  afterEach(() => vi.useRealTimers());

  function mountCountdown(killAt: ReturnType<typeof ref<string | null>>) {
    return mount(
      defineComponent({
        setup() {
          const { formatted } = useCountdown(killAt);
          return () => h('span', formatted.value);
        },
      }),
    );
  }

  it('ticks down every second from killAt, without asking the API', async () => {
    const killAt = ref<string | null>(new Date(NOW + 600_000).toISOString());
    const wrapper = mountCountdown(killAt);
    expect(wrapper.text()).toBe('00:10:00');
    vi.advanceTimersByTime(1000);
    await nextTick();
    expect(wrapper.text()).toBe('00:09:59');
    vi.advanceTimersByTime(59_000);
    await nextTick();
    expect(wrapper.text()).toBe('00:09:00');
    wrapper.unmount();
  });

  it('jumps when a new killAt arrives, stops at zero and shows unknown as dashes', async () => {
    const killAt = ref<string | null>(new Date(NOW + 2_000).toISOString());
    const wrapper = mountCountdown(killAt);
    vi.advanceTimersByTime(5_000);
    await nextTick();
    expect(wrapper.text()).toBe('00:00:00');
    killAt.value = new Date(NOW + 5_000 + 25 * 3_600_000).toISOString();
    await nextTick();
    expect(wrapper.text()).toBe('25:00:00');
    killAt.value = null;
    await nextTick();
    expect(wrapper.text()).toBe('--:--:--');
    wrapper.unmount();
  });

  it('runs its clock only while something shows a countdown', () => {
    const wrapper = mountCountdown(ref(new Date(NOW + 60_000).toISOString()));
    expect(vi.getTimerCount()).toBe(1);
    wrapper.unmount();
    expect(vi.getTimerCount()).toBe(0);
  });
});

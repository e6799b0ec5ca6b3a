import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { usePolling } from './use-polling';

function setVisibility(state: 'visible' | 'hidden'): void {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

function mountPolling(task: () => Promise<unknown>, interval: () => number) {
  return mount(
    defineComponent({
      setup() {
        usePolling(task, interval);
        return () => h('div');
      },
    }),
  );
}

describe('usePolling', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    setVisibility('visible');
  });

  it('runs at once, then every interval, and stops when unmounted', async () => {
    const task = vi.fn(() => Promise.resolve());
    const wrapper = mountPolling(task, () => 15_000);
    expect(task).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(task).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(task).toHaveBeenCalledTimes(3);
    wrapper.unmount();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(task).toHaveBeenCalledTimes(3);
  });

  it('never asks twice at once: the next run waits for the last one', async () => {
    let finish: () => void = () => undefined;
    const task = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const wrapper = mountPolling(task, () => 1_000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(task).toHaveBeenCalledTimes(1);
    finish();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(task).toHaveBeenCalledTimes(2);
    wrapper.unmount();
  });

  it('pauses while the tab is hidden and catches up when it is shown', async () => {
    const task = vi.fn(() => Promise.resolve());
    const wrapper = mountPolling(task, () => 15_000);
    await vi.advanceTimersByTimeAsync(0);
    setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(task).toHaveBeenCalledTimes(1);
    setVisibility('visible');
    await vi.advanceTimersByTimeAsync(0);
    expect(task).toHaveBeenCalledTimes(2);
    wrapper.unmount();
  });

  it('follows a change of interval', async () => {
    const task = vi.fn(() => Promise.resolve());
    const seconds = ref(60);
    const wrapper = mountPolling(task, () => seconds.value * 1000);
    await vi.advanceTimersByTimeAsync(0);
    seconds.value = 5;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(task).toHaveBeenCalledTimes(2);
    wrapper.unmount();
  });
});

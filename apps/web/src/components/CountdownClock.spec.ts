import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { NOW, pod, snapshot } from '@/test-support/fixtures';
import CountdownClock from './CountdownClock.vue';

enableAutoUnmount(afterEach);

describe('CountdownClock', () => {
  beforeEach(() => vi.useFakeTimers({ now: NOW }));
  afterEach(() => vi.useRealTimers());

  it('ticks hh:mm:ss and names the signal that last reset it', async () => {
    const wrapper = mount(CountdownClock, {
      props: {
        snapshot: snapshot({
          lastActivity: { signal: 'gpu', at: new Date(NOW - 12_000).toISOString(), detail: 'GPU 0 at 95%' },
        }),
      },
    });
    const clock = () => wrapper.get('[data-testid="countdown"]').text();
    expect(clock()).toBe('00:10:00');
    vi.advanceTimersByTime(3_000);
    await nextTick();
    expect(clock()).toBe('00:09:57');
    expect(wrapper.text()).toContain('until stop');
    expect(wrapper.get('.signal').text()).toBe('GPU busy');
  });

  it('warns in the last minutes and says when it is due', async () => {
    const wrapper = mount(CountdownClock, {
      props: { snapshot: snapshot({ killAt: new Date(NOW + 120_000).toISOString() }) },
    });
    expect(wrapper.classes()).toContain('level-soon');
    vi.advanceTimersByTime(125_000);
    await nextTick();
    expect(wrapper.classes()).toContain('level-due');
    expect(wrapper.text()).toContain('due: prune stops it on its next run');
  });

  it('shows no countdown for a stopped or protected instance', () => {
    const stopped = mount(CountdownClock, {
      props: { snapshot: snapshot({ state: 'stopped', pod: pod({ status: 'EXITED' }) }) },
    });
    expect(stopped.find('[data-testid="countdown"]').exists()).toBe(false);
    expect(stopped.text()).toContain('Pod stopped');
    const protectedOne = mount(CountdownClock, { props: { snapshot: snapshot({ state: 'protected' }) } });
    expect(protectedOne.text()).toContain('Protected: never pruned');
  });
});

import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { defaultPollSeconds, useSettingsStore } from './settings';

const KEY = 'podwatch.pollSeconds';

describe('settings store', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
  });
  afterEach(() => vi.unstubAllEnvs());

  it('polls every 15 s by default, and stores nothing until the interval is picked', async () => {
    const sut = useSettingsStore();
    await nextTick();
    expect(sut.pollSeconds).toBe(15);
    expect(localStorage.getItem(KEY)).toBeNull();
  });

  it('takes the default from VITE_POLL_SECONDS when it is one second or more', () => {
    vi.stubEnv('VITE_POLL_SECONDS', '30');
    expect(defaultPollSeconds()).toBe(30);
    expect(useSettingsStore().pollSeconds).toBe(30);
  });

  it.each(['', '0', '0.5', '-5', 'soon'])('falls back to 15 s when VITE_POLL_SECONDS is %j', (value) => {
    vi.stubEnv('VITE_POLL_SECONDS', value);
    expect(defaultPollSeconds()).toBe(15);
  });

  it('keeps the picked interval in this browser', async () => {
    useSettingsStore().pollSeconds = 60;
    await nextTick();
    expect(localStorage.getItem(KEY)).toBe('60');
    setActivePinia(createPinia());
    expect(useSettingsStore().pollSeconds).toBe(60);
  });

  it('prefers the browser’s interval to the build default', () => {
    vi.stubEnv('VITE_POLL_SECONDS', '30');
    localStorage.setItem(KEY, '5');
    expect(useSettingsStore().pollSeconds).toBe(5);
  });

  it.each(['0', '-1', '0.5', 'fast'])('ignores a stored interval of %j', (value) => {
    localStorage.setItem(KEY, value);
    expect(useSettingsStore().pollSeconds).toBe(15);
  });
});

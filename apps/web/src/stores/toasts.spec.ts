import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useToastsStore } from './toasts';

describe('toasts store', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    setActivePinia(createPinia());
  });
  afterEach(() => vi.useRealTimers());

  it('shows a notice for six seconds', () => {
    const sut = useToastsStore();
    const id = sut.show({ tone: 'ok', title: 'notebook stopped', detail: 'Pod is EXITED.' });
    expect(sut.toasts).toEqual([{ id, tone: 'ok', title: 'notebook stopped', detail: 'Pod is EXITED.' }]);
    vi.advanceTimersByTime(5_999);
    expect(sut.toasts).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sut.toasts).toHaveLength(0);
  });

  it('keeps a failure until it is dismissed', () => {
    const sut = useToastsStore();
    const id = sut.show({ tone: 'danger', title: 'Stop failed' });
    vi.advanceTimersByTime(60_000);
    expect(sut.toasts.map((t) => t.title)).toEqual(['Stop failed']);
    sut.dismiss(id);
    expect(sut.toasts).toHaveLength(0);
  });

  it('dismisses only the notice asked for, and each one on its own clock', () => {
    const sut = useToastsStore();
    const first = sut.show({ tone: 'ok', title: 'first' });
    vi.advanceTimersByTime(3_000);
    const second = sut.show({ tone: 'info', title: 'second' });
    sut.show({ tone: 'warn', title: 'third' });
    expect(new Set([first, second]).size).toBe(2);
    sut.dismiss(second);
    expect(sut.toasts.map((t) => t.title)).toEqual(['first', 'third']);
    vi.advanceTimersByTime(3_000);
    expect(sut.toasts.map((t) => t.title)).toEqual(['third']);
  });

  it('shows four notices at most, dropping the oldest', () => {
    const sut = useToastsStore();
    for (const title of ['1', '2', '3', '4', '5']) sut.show({ tone: 'danger', title });
    expect(sut.toasts.map((t) => t.title)).toEqual(['2', '3', '4', '5']);
  });
});

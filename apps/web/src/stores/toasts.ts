import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Tone } from '@/format/labels';

export interface Toast {
  id: number;
  tone: Tone;
  title: string;
  detail?: string;
}

const VISIBLE_MS = 6_000;

/** Short notices after an action; failures stay until dismissed. */
export const useToastsStore = defineStore('toasts', () => {
  const toasts = ref<Toast[]>([]);
  let nextId = 1;

  function dismiss(id: number): void {
    toasts.value = toasts.value.filter((toast) => toast.id !== id);
  }

  function show(toast: Omit<Toast, 'id'>): number {
    const id = nextId++;
    toasts.value = [...toasts.value.slice(-3), { ...toast, id }];
    if (toast.tone !== 'danger') setTimeout(() => dismiss(id), VISIBLE_MS);
    return id;
  }

  return { toasts, show, dismiss };
});

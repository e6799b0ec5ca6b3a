import { defineStore } from 'pinia';
import { ref, watch } from 'vue';

const STORAGE_KEY = 'podwatch.pollSeconds';
export const POLL_CHOICES = [5, 15, 30, 60] as const;

/** The build's default (VITE_POLL_SECONDS), else 15 s. */
export function defaultPollSeconds(): number {
  const configured = Number(import.meta.env.VITE_POLL_SECONDS);
  return Number.isFinite(configured) && configured >= 1 ? configured : 15;
}

function stored(): number | null {
  const value = Number(localStorage.getItem(STORAGE_KEY));
  return Number.isFinite(value) && value >= 1 ? value : null;
}

/** Per-browser preferences, kept in localStorage. */
export const useSettingsStore = defineStore('settings', () => {
  const pollSeconds = ref(stored() ?? defaultPollSeconds());
  watch(pollSeconds, (value) => localStorage.setItem(STORAGE_KEY, String(value)));
  return { pollSeconds };
});

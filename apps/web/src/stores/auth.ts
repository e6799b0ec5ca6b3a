import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { type ApiError, clearEtagCache } from '@/api/http';

const STORAGE_KEY = 'podwatch.token';

export type TokenReason = 'read' | 'act';

function readStored(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/**
 * The bearer token, kept for the browser tab's session (sessionStorage: gone when the tab closes).
 * Without one the dashboard is read-only; a read that answers 401 means this Podwatch wants a
 * token even to look. What the API says about a token (401: unknown, 403: read-only) is learned
 * from the answers, since the API has no endpoint that describes a token.
 */
export const useAuthStore = defineStore('auth', () => {
  const token = ref<string | null>(readStored());
  const readsNeedToken = ref(false);
  const readOnlyToken = ref(false);
  /** Why the last token was refused, shown where the token is asked for. */
  const rejection = ref<string | null>(null);
  /** Open token dialog, and why it was asked for. */
  const prompt = ref<TokenReason | null>(null);

  const signedIn = computed(() => token.value !== null);
  const canAct = computed(() => token.value !== null && !readOnlyToken.value);

  function signIn(value: string): void {
    const trimmed = value.trim();
    if (!trimmed) return;
    token.value = trimmed;
    readOnlyToken.value = false;
    rejection.value = null;
    prompt.value = null;
    clearEtagCache();
    try {
      sessionStorage.setItem(STORAGE_KEY, trimmed);
    } catch {
      // Storage can be unavailable (private mode): the token then lasts as long as the page.
    }
  }

  function signOut(): void {
    token.value = null;
    readOnlyToken.value = false;
    clearEtagCache();
    try {
      sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      // See signIn.
    }
  }

  function askForToken(reason: TokenReason): void {
    prompt.value = reason;
  }

  /** Called by the HTTP client for every 401 and 403. */
  function noteAuthFailure(error: ApiError, method: string): void {
    if (error.status === 401) {
      if (method === 'GET') readsNeedToken.value = true;
      if (token.value !== null) {
        rejection.value = `The token was not accepted: ${error.message}`;
        signOut();
      }
    } else if (error.status === 403) {
      readOnlyToken.value = true;
      rejection.value = error.message;
    }
  }

  return {
    token,
    readsNeedToken,
    readOnlyToken,
    rejection,
    prompt,
    signedIn,
    canAct,
    signIn,
    signOut,
    askForToken,
    noteAuthFailure,
  };
});

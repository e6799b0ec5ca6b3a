import { getCurrentScope, onScopeDispose, readonly, ref, type Ref } from 'vue';

export type ColorScheme = 'light' | 'dark';

const QUERY = '(prefers-color-scheme: dark)';

/** The system's light/dark preference, following changes live. */
export function useColorScheme(): Readonly<Ref<ColorScheme>> {
  const media = typeof window.matchMedia === 'function' ? window.matchMedia(QUERY) : null;
  const scheme = ref<ColorScheme>(media?.matches ? 'dark' : 'light');
  if (media) {
    const onChange = (event: MediaQueryListEvent) => {
      scheme.value = event.matches ? 'dark' : 'light';
    };
    media.addEventListener('change', onChange);
    if (getCurrentScope()) onScopeDispose(() => media.removeEventListener('change', onChange));
  }
  return readonly(scheme);
}

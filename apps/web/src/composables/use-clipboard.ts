import { getCurrentScope, onScopeDispose, ref } from 'vue';

const CONFIRM_MS = 1_500;

/** Copy text, with a `copied` flag that clears itself for the button's feedback. */
export function useClipboard() {
  const copied = ref(false);
  const failed = ref(false);
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function copy(text: string): Promise<void> {
    clearTimeout(timer);
    try {
      await navigator.clipboard.writeText(text);
      copied.value = true;
      failed.value = false;
    } catch {
      failed.value = true;
      copied.value = false;
    }
    timer = setTimeout(() => {
      copied.value = false;
      failed.value = false;
    }, CONFIRM_MS);
  }

  if (getCurrentScope()) onScopeDispose(() => clearTimeout(timer));
  return { copy, copied, failed };
}

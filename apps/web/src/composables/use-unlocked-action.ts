import { watch } from 'vue';
import { useAuthStore } from '@/stores/auth';

/**
 * An action button that works for everyone: with the admin token it goes straight on; without it,
 * it asks for the token first and goes on once the token is in (or forgets it if the prompt is
 * dismissed). Nothing is sent without a token: the dashboard stays read-only until then.
 */
export function useUnlockedAction<T>(proceed: (choice: T) => void) {
  const auth = useAuthStore();
  // Plain state: nothing renders from it.
  let wanted: { choice: T } | null = null;

  function request(choice: T): void {
    if (auth.canAct) {
      proceed(choice);
      return;
    }
    wanted = { choice };
    auth.askForToken('act');
  }

  watch(
    () => [auth.canAct, auth.prompt] as const,
    ([canAct, prompt]) => {
      const pending = wanted;
      if (canAct && pending) {
        wanted = null;
        proceed(pending.choice);
      } else if (!prompt) {
        wanted = null;
      }
    },
  );

  return { request };
}

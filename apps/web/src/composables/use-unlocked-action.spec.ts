import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick } from 'vue';
import { ApiError } from '@/api/http';
import { useAuthStore } from '@/stores/auth';
import { useUnlockedAction } from './use-unlocked-action';

const ADMIN_TOKEN = 'admin-token-0123456789';

function mountAction(proceed: (choice: string) => void) {
  let request!: (choice: string) => void;
  const wrapper = mount(
    defineComponent({
      setup() {
        ({ request } = useUnlockedAction(proceed));
        return () => h('div');
      },
    }),
  );
  return { wrapper, request: (choice: string) => request(choice) };
}

describe('useUnlockedAction', () => {
  beforeEach(() => {
    sessionStorage.clear();
    setActivePinia(createPinia());
  });

  it('goes straight on with the admin token, without asking for it', () => {
    const auth = useAuthStore();
    auth.signIn(ADMIN_TOKEN);
    const proceed = vi.fn();
    const { request } = mountAction(proceed);
    request('stop');
    expect(proceed).toHaveBeenCalledExactlyOnceWith('stop');
    expect(auth.prompt).toBeNull();
  });

  it('runs nothing without a token and asks for one to act', async () => {
    const proceed = vi.fn();
    const { request } = mountAction(proceed);
    request('stop');
    await nextTick();
    expect(proceed).not.toHaveBeenCalled();
    expect(useAuthStore().prompt).toBe('act');
  });

  it('asks for a token when the one it has is read-only', () => {
    const auth = useAuthStore();
    auth.signIn('read-token-0000000');
    auth.noteAuthFailure(new ApiError(403, 'This action needs the admin token.'), 'POST');
    const proceed = vi.fn();
    const { request } = mountAction(proceed);
    request('stop');
    expect(proceed).not.toHaveBeenCalled();
    expect(auth.prompt).toBe('act');
  });

  it('runs the pending action once when the token is given, and not again later', async () => {
    const proceed = vi.fn();
    const { request } = mountAction(proceed);
    const auth = useAuthStore();
    request('stop');
    auth.signIn(ADMIN_TOKEN);
    await nextTick();
    expect(proceed).toHaveBeenCalledExactlyOnceWith('stop');
    auth.askForToken('read');
    await nextTick();
    expect(proceed).toHaveBeenCalledTimes(1);
  });

  it('runs only the last choice asked for before the token came', async () => {
    const proceed = vi.fn();
    const { request } = mountAction(proceed);
    request('stop');
    request('extend');
    useAuthStore().signIn(ADMIN_TOKEN);
    await nextTick();
    expect(proceed).toHaveBeenCalledExactlyOnceWith('extend');
  });

  it('drops the pending action when the prompt is dismissed', async () => {
    const proceed = vi.fn();
    const { request } = mountAction(proceed);
    const auth = useAuthStore();
    request('stop');
    auth.prompt = null;
    await nextTick();
    auth.signIn(ADMIN_TOKEN);
    await nextTick();
    expect(proceed).not.toHaveBeenCalled();
  });

  it('leaves other buttons alone when the token is given', async () => {
    const asked = vi.fn();
    const bystander = vi.fn();
    mountAction(bystander);
    mountAction(asked).request('stop');
    useAuthStore().signIn(ADMIN_TOKEN);
    await nextTick();
    expect(asked).toHaveBeenCalledExactlyOnceWith('stop');
    expect(bystander).not.toHaveBeenCalled();
  });

  it('runs nothing once its component is gone', async () => {
    const proceed = vi.fn();
    const { wrapper, request } = mountAction(proceed);
    request('stop');
    wrapper.unmount();
    useAuthStore().signIn(ADMIN_TOKEN);
    await nextTick();
    expect(proceed).not.toHaveBeenCalled();
  });
});

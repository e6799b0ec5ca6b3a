import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '@/api/http';
import { useAuthStore } from './auth';

describe('auth store', () => {
  beforeEach(() => {
    sessionStorage.clear();
    setActivePinia(createPinia());
  });

  it('is read-only without a token', () => {
    const sut = useAuthStore();
    expect(sut.signedIn).toBe(false);
    expect(sut.canAct).toBe(false);
  });

  it('keeps the token for the session and closes the prompt', () => {
    const sut = useAuthStore();
    sut.askForToken('act');
    sut.signIn('  admin-token-0123456789 ');
    expect(sut.token).toBe('admin-token-0123456789');
    expect(sut.canAct).toBe(true);
    expect(sut.prompt).toBeNull();
    expect(sessionStorage.getItem('podwatch.token')).toBe('admin-token-0123456789');
    setActivePinia(createPinia());
    expect(useAuthStore().token).toBe('admin-token-0123456789');
  });

  it('forgets a token the API refused, and says why', () => {
    const sut = useAuthStore();
    sut.signIn('wrong-token-000000');
    sut.noteAuthFailure(new ApiError(401, 'The bearer token is not valid.'), 'POST');
    expect(sut.token).toBeNull();
    expect(sut.rejection).toBe('The token was not accepted: The bearer token is not valid.');
    expect(sessionStorage.getItem('podwatch.token')).toBeNull();
    expect(sut.readsNeedToken).toBe(false);
  });

  it('treats a 403 as a read-only token', () => {
    const sut = useAuthStore();
    sut.signIn('read-token-0000000');
    sut.noteAuthFailure(new ApiError(403, 'This action needs the admin token.'), 'POST');
    expect(sut.signedIn).toBe(true);
    expect(sut.readOnlyToken).toBe(true);
    expect(sut.canAct).toBe(false);
  });
});

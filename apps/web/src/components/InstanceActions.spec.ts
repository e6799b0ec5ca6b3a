import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { snapshot } from '@/test-support/fixtures';
import { useAuthStore } from '@/stores/auth';
import InstanceActions from './InstanceActions.vue';

describe('InstanceActions', () => {
  beforeEach(() => {
    sessionStorage.clear();
    setActivePinia(createPinia());
  });
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows nothing on a card until actions are unlocked', () => {
    const wrapper = mount(InstanceActions, { props: { snapshot: snapshot(), compact: true } });
    expect(wrapper.find('button').exists()).toBe(false);
  });

  it('asks for the token first, then opens the confirmation that was asked for', async () => {
    const wrapper = mount(InstanceActions, { props: { snapshot: snapshot() }, attachTo: document.body });
    const auth = useAuthStore();
    await wrapper.get('button[aria-label="Stop notebook"]').trigger('click');
    expect(auth.prompt).toBe('act');
    expect(document.body.querySelector('[role="dialog"]')).toBeNull();
    auth.signIn('admin-token-0123456789');
    await nextTick();
    await nextTick();
    expect(document.body.querySelector('[role="dialog"]')?.textContent).toContain('Stop notebook?');
    wrapper.unmount();
  });

  it('forgets the wish when the token prompt is dismissed', async () => {
    const wrapper = mount(InstanceActions, { props: { snapshot: snapshot() }, attachTo: document.body });
    const auth = useAuthStore();
    await wrapper.get('button[aria-label="Stop notebook"]').trigger('click');
    auth.prompt = null;
    await nextTick();
    auth.signIn('admin-token-0123456789');
    await nextTick();
    expect(document.body.querySelector('[role="dialog"]')).toBeNull();
    wrapper.unmount();
  });

  it('offers terminate on the instance page only', () => {
    useAuthStore().signIn('admin-token-0123456789');
    const page = mount(InstanceActions, { props: { snapshot: snapshot() } });
    const card = mount(InstanceActions, { props: { snapshot: snapshot(), compact: true } });
    expect(page.find('button[aria-label="Terminate notebook"]').exists()).toBe(true);
    expect(card.find('button[aria-label="Terminate notebook"]').exists()).toBe(false);
    expect(card.find('button[aria-label="Extend notebook"]').exists()).toBe(true);
  });
});

import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { ApiError } from '@/api/http';
import type { Confirmation } from '@/actions/confirmations';
import ConfirmDialog from './ConfirmDialog.vue';

const terminate: Confirmation = {
  title: 'Terminate notebook?',
  lines: [
    'Terminates pod n2b5d8f1g4k7mc now.',
    'The pod and its 20 GB volume are deleted. This cannot be undone.',
  ],
  confirmLabel: 'Terminate pod',
  danger: true,
  typeToConfirm: 'notebook',
};

function mountDialog(confirmation: Confirmation, run: () => Promise<unknown>) {
  return mount(ConfirmDialog, { props: { confirmation, run }, attachTo: document.body });
}

function dialog(): HTMLElement {
  return document.body.querySelector<HTMLElement>('[role="dialog"]')!;
}

function button(label: string): HTMLButtonElement {
  return [...dialog().querySelectorAll('button')].find((b) => b.textContent?.trim() === label)!;
}

describe('ConfirmDialog', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('says exactly what will happen, as a modal dialog', async () => {
    const wrapper = mountDialog(terminate, () => Promise.resolve());
    await nextTick();
    expect(dialog().getAttribute('aria-modal')).toBe('true');
    expect(dialog().textContent).toContain(
      'The pod and its 20 GB volume are deleted. This cannot be undone.',
    );
    wrapper.unmount();
  });

  it('closes on Escape', async () => {
    const wrapper = mountDialog(terminate, () => Promise.resolve());
    await nextTick();
    dialog().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(wrapper.emitted('close')).toHaveLength(1);
    wrapper.unmount();
  });

  it('puts focus on the name to type and keeps the button off until it matches', async () => {
    const run = vi.fn(() => Promise.resolve());
    const wrapper = mountDialog(terminate, run);
    await nextTick();
    await nextTick();
    const input = dialog().querySelector('input')!;
    expect(document.activeElement).toBe(input);
    expect(button('Terminate pod').disabled).toBe(true);
    input.value = 'notebook';
    input.dispatchEvent(new Event('input'));
    await nextTick();
    expect(button('Terminate pod').disabled).toBe(false);
    button('Terminate pod').click();
    await vi.waitFor(() => expect(wrapper.emitted('done')).toHaveLength(1));
    expect(run).toHaveBeenCalledOnce();
    wrapper.unmount();
  });

  it('shows the API’s error in place and stays open', async () => {
    const wrapper = mountDialog(
      { title: 'Stop notebook?', lines: ['Stops pod x now.'], confirmLabel: 'Stop pod', danger: true },
      () => Promise.reject(new ApiError(401, 'The bearer token is not valid.')),
    );
    await nextTick();
    button('Stop pod').click();
    await vi.waitFor(() =>
      expect(dialog().querySelector('[role="alert"]')?.textContent).toContain(
        'The bearer token is not valid.',
      ),
    );
    expect(wrapper.emitted('close')).toBeUndefined();
    expect(dialog().textContent).toContain('Enter another token');
    wrapper.unmount();
  });

  it('makes the page behind it inert while open', async () => {
    const app = document.createElement('div');
    app.id = 'app';
    document.body.append(app);
    const wrapper = mountDialog(terminate, () => Promise.resolve());
    await nextTick();
    expect(app.inert).toBe(true);
    wrapper.unmount();
    expect(app.inert).toBe(false);
  });
});

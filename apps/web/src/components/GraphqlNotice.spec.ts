import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { dashboard } from '@/test-support/fixtures';
import GraphqlNotice from './GraphqlNotice.vue';

enableAutoUnmount(afterEach);

const NOTICE =
  'RunPod GraphQL retired: temperature and power come from the pod agent; balance is estimated from billing';

describe('GraphqlNotice', () => {
  it('says nothing while GraphQL answers', () => {
    const wrapper = mount(GraphqlNotice, { props: { graphql: dashboard().graphql } });
    expect(wrapper.find('[data-testid="graphql-notice"]').exists()).toBe(false);
  });

  it('tells where temperature, power and balance come from once GraphQL is retired', () => {
    const graphql = {
      ...dashboard().graphql,
      state: 'retired' as const,
      retiredAt: '2026-11-22T20:00:00.000Z',
      retiredBecause: 'GoneError: 410',
      notice: NOTICE,
    };
    const wrapper = mount(GraphqlNotice, { props: { graphql } });
    const notice = wrapper.get('[data-testid="graphql-notice"]');
    expect(notice.attributes('role')).toBe('status');
    expect(notice.text()).toContain('GraphQL retired');
    expect(notice.text()).toContain(NOTICE);
  });
});

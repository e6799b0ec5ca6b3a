import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router';
import OverviewView from '@/views/OverviewView.vue';

// The overview is the landing page and ships in the entry; every other page (and ECharts with the
// instance page's charts) loads when first visited.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'overview', component: OverviewView, meta: { title: 'Fleet' } },
    {
      path: '/instances/:name',
      name: 'instance',
      component: () => import('@/views/InstanceView.vue'),
      props: true,
    },
    {
      path: '/costs',
      name: 'costs',
      component: () => import('@/views/CostsView.vue'),
      meta: { title: 'Costs' },
    },
    {
      path: '/prune',
      name: 'prune-runs',
      component: () => import('@/views/PruneRunsView.vue'),
      meta: { title: 'Prune runs' },
    },
    {
      path: '/prune/:id',
      name: 'prune-run',
      component: () => import('@/views/PruneRunView.vue'),
      props: true,
      meta: { title: 'Prune run' },
    },
    {
      path: '/:pathMatch(.*)*',
      name: 'not-found',
      component: () => import('@/views/NotFoundView.vue'),
      meta: { title: 'Not found' },
    },
  ],
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
});

export function pageTitle(route: RouteLocationNormalized): string {
  const name =
    route.name === 'instance' ? String(route.params.name) : (route.meta.title as string | undefined);
  return name ? `${name} · Podwatch` : 'Podwatch';
}

router.afterEach((to) => {
  document.title = pageTitle(to);
});

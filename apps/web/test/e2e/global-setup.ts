import type { TestProject } from 'vitest/node';
import { collect, startApi } from './support/api-server';
import { chromiumPath } from './support/browser';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    adminToken: string;
  }
}

export const ADMIN_TOKEN = 'e2e-admin-token-0123456789';

/** One API for the browser tests (the read-token test starts its own). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  chromiumPath();
  const api = await startApi({ adminToken: ADMIN_TOKEN });
  await collect(api, 3);
  project.provide('apiUrl', api.url);
  project.provide('adminToken', api.adminToken);
  return () => api.stop();
}

/** Jest only: the test database helpers stay free of Jest so that the benchmarks can use them. */
import { it } from '@jest/globals';
import { serverAdminUrl, serverReachable } from './test-database.js';

/**
 * `it` when a PostgreSQL server answers, else `it.skip`, so that a test that needs several
 * processes on one database shows as skipped on the embedded one instead of passing.
 */
export const itWithServer: typeof it.skip = (await serverReachable(serverAdminUrl())) ? it : it.skip;

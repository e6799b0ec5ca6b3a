#!/usr/bin/env node
/**
 * Sums the test runners' own summaries in a log into one line: `N passed, N failed, N skipped`.
 * Jest prints `Tests:       1 failed, 2 skipped, 20 passed, 23 total`; Vitest prints
 * `Tests  1 failed | 20 passed | 2 skipped (23)`.
 */
import { readFileSync } from 'node:fs';

const log = readFileSync(process.argv[2] ?? 0, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
const totals = { passed: 0, failed: 0, skipped: 0 };
let suites = 0;
for (const line of log.split('\n')) {
  const match = /^(?:\S+:\s*)?\s*Tests:?\s+(.*?)(?:,\s*\d+ total)?\s*(?:\(\d+\))?\s*$/.exec(line);
  if (!match || !/\d+ (passed|failed|skipped|todo)/.test(match[1])) continue;
  suites += 1;
  for (const [, count, kind] of match[1].matchAll(/(\d+) (passed|failed|skipped|todo)/g)) {
    totals[kind === 'todo' ? 'skipped' : kind] += Number(count);
  }
}
console.log(
  `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped (${suites} test runs)`,
);

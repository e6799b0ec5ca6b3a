import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // These tests talk HTTP to real servers; under `npm test` every package's suite shares two
    // cores, so the default 5 s would fail on a busy machine, not on a wrong answer.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
    // test/agent-process.spec.ts runs the built binary.
    globalSetup: ['./test/support/build.ts'],
    testTimeout: 30_000,
  },
});

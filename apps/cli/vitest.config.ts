import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.{ts,tsx}', 'test/**/*.spec.ts'],
    globalSetup: ['./test/support/build-cli.ts'],
    // Command and tmux tests start a real API (a few seconds each).
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});

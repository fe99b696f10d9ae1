import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: {
    alias: { '@atende/shared': fileURLToPath(new URL('../../packages/shared/src/index.ts', import.meta.url)) },
  },
  test: {
    globals: true,
    include: ['src/**/*.spec.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['reflect-metadata'],
    testTimeout: 30_000,
    // CI machines are shared and slow; one retry absorbs a load spike, a real failure still fails twice.
    retry: process.env.CI ? 1 : 0,
    // Booting an app on the embedded database under a loaded machine can take tens of seconds.
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});

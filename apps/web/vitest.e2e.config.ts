import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests in headless Chromium against the built API (`apps/api/dist`) serving the built app
 * (`apps/web/dist`): run `npm run build` first, then `npm run test:e2e -w apps/web`. Not part of `npm test`.
 */
export default defineConfig({
  resolve: {
    alias: {
      '@atende/shared': fileURLToPath(new URL('../../packages/shared/src/index.ts', import.meta.url)),
    },
  },
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    reporters: ['verbose'],
  },
});

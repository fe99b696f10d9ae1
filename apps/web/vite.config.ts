import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const apiTarget = process.env.ATENDE_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      // Source, not dist: the web build must not depend on packages/shared having been built.
      '@atende/shared': fileURLToPath(new URL('../../packages/shared/src/index.ts', import.meta.url)),
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true },
      '/socket.io': { target: apiTarget, changeOrigin: true, ws: true },
    },
  },
  preview: {
    port: 4173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true },
      '/socket.io': { target: apiTarget, changeOrigin: true, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Read by scripts/bundle-size.mjs to measure what each route loads.
    manifest: true,
    target: 'es2022',
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // Everything the entry imports statically in one chunk: otherwise it is cut into dozens of small shared
        // chunks (each compresses alone, ~10 kB more gzipped, and costs a request). The entry module itself
        // stays the entry chunk (index.html and the size report point at it); screens keep their own chunks.
        codeSplitting: {
          groups: [
            { name: 'base', tags: ['$initial'], test: (id) => !/(src[\\/]main\.tsx|index\.html)(\?.*)?$/.test(id), priority: 3 },
          ],
        },
      },
      treeshake: {
        // The shared package is schemas and constants only: a screen that imports one schema must not pull in
        // every module of the barrel (zod calls look like side effects to the bundler).
        moduleSideEffects: (id: string) => !/packages[\\/]shared[\\/]src[\\/]/.test(id),
      },
    },
  },
});

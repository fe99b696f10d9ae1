import { defineConfig } from 'vite';

/**
 * One self-contained IIFE (`dist/widget.js`) for a `<script>` tag on any site: no chunks, no CSS file (the
 * styles are adopted by the shadow root), no eval. socket.io-client is bundled in.
 */
export default defineConfig({
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2019',
    sourcemap: false,
    minify: true,
    lib: {
      entry: 'src/main.ts',
      name: 'AtendeWidget',
      formats: ['iife'],
      fileName: () => 'widget.js',
    },
  },
});

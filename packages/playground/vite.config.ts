/**
 * The playground's vite config. In the workspace the libraries are read from their TypeScript source (the
 * `@tapegrad/source` export condition), so nothing has to be built first; `base: './'` makes the built
 * `dist/` work from any static host and any path.
 */
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  base: './',
  resolve: { conditions: ['@tapegrad/source', ...defaultClientConditions] },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    // KaTeX's woff2 fonts go into its stylesheet as data URLs, so that the worked example, opened as a page
    // of its own (a blob: URL, where no relative URL resolves), renders its math offline.
    assetsInlineLimit: (file) => (file.endsWith('.woff2') ? true : undefined),
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});

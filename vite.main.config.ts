/**
 * Vite config of the Electron main process (forge's Vite plugin merges it over its defaults).
 * package.json is `"type": "module"`, so main is built as an ES module (`.vite/build/main.js`).
 * Native and heavy Node packages stay outside the bundle.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    lib: {
      entry: 'main/shell/electron/main.ts',
      fileName: () => 'main.js',
      formats: ['es'],
    },
    rollupOptions: {
      external: ['better-sqlite3', 'playwright-core'],
    },
    target: 'node20',
  },
});

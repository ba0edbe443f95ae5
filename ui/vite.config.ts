import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const uiRoot = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/ui', import.meta.url));

/** The renderer: offline, relative paths (app:// protocol and routed Chromium both work). */
export default defineConfig({
  root: uiRoot,
  base: './',
  plugins: [preact()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    // Fonts and images are emitted as files next to the bundle; nothing is loaded from the internet.
    assetsInlineLimit: 4096,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: { host: '127.0.0.1' },
});

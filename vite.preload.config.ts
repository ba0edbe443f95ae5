/**
 * Vite config of the Electron preload. Sandboxed preloads must be one classic (CommonJS) script;
 * forge's Vite plugin already sets that format and a single chunk, so nothing else is needed.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  build: { target: 'chrome130' },
});
